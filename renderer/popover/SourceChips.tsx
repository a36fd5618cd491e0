import type { SourceRef } from '@shared/domain/types';
import { Icon } from '../components/Icon';
import { eventWhen, fullTime, shortWhen } from '../format/time';

/** Chips shown before "+N more"; one more than this shows them all instead. */
const SHOWN = 2;

interface SourceGroup {
  readonly label: string;
  readonly sources: readonly SourceRef[];
}

/**
 * Where a suggestion came from: "Bob Chen · 09:14", one chip per sender. Several messages from
 * one sender share a chip ("GitHub · 5 messages"); the plan below lists them one by one.
 * A list of suggestions names only the first sources of a long card (`total` counts them all):
 * then the chips count what they name ("5+ messages") and the last chip the messages beyond.
 */
export function SourceChips({ sources, total = sources.length }: { sources: readonly SourceRef[]; total?: number }) {
  if (sources.length === 0) return null;
  const groups = groupBySender(sources);
  const partial = total > sources.length;
  const shown = groups.length > SHOWN + 1 || partial ? groups.slice(0, SHOWN) : groups;
  const rest = groups.length - shown.length;
  const beyond = total - shown.reduce((sum, group) => sum + group.sources.length, 0);
  return (
    <ul className="chips" aria-label="Sources">
      {shown.map((group) => {
        const first = group.sources[0];
        if (!first) return null;
        const many = group.sources.length > 1;
        return (
          <li key={group.label} className="chip" title={chipTitle(group)}>
            <Icon name={first.kind === 'event' ? 'calendar' : 'mail'} size={12} />
            <span className="chip__label">{group.label}</span>
            <span className="chip__time">· {many ? `${group.sources.length}${partial ? '+' : ''} ${first.kind === 'event' ? 'events' : 'messages'}` : first.kind === 'event' ? eventWhen(first.at) : shortWhen(first.at)}</span>
          </li>
        );
      })}
      {partial && beyond > 0 ? (
        <li className="chip chip--more" title={`${beyond.toLocaleString()} more, from ${groups.slice(shown.length).map((g) => g.label).join(', ') || 'the same senders'} and others`}>
          +{beyond.toLocaleString()} more
        </li>
      ) : rest > 0 ? (
        <li className="chip chip--more" title={groups.slice(shown.length).map((g) => g.label).join(', ')}>
          +{rest} more
        </li>
      ) : null}
    </ul>
  );
}

function groupBySender(sources: readonly SourceRef[]): SourceGroup[] {
  const groups = new Map<string, SourceRef[]>();
  for (const source of sources) groups.set(source.label, [...(groups.get(source.label) ?? []), source]);
  return [...groups].map(([label, grouped]) => ({ label, sources: grouped }));
}

function chipTitle(group: SourceGroup): string {
  return group.sources.map((source) => `${source.subject} (${fullTime(source.at)})`).join('\n');
}
