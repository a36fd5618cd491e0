/**
 * How a card that grew by addition shows its steps. It has one step per growth until the
 * scheduler states it whole when the burst is over (Proposal.grows, Scheduler.restateGrown), and
 * shown as they are, a first sync's newsletter card listed dozens of "Move 40 messages…" lines.
 * For the user they are one move: consecutive steps that have not started, of one capability in
 * one app, moving messages between the same two folders, are shown as one, named by the first's
 * id. Each still runs, and is undone, on its own; only what the card says is joined.
 */
import type { Action } from '@shared/domain/types.js';
import type { MovePreview } from '@shared/domain/previews.js';
import { plural } from '@shared/text/plural.js';

/** `listed`: cut the joined messages to this many, with their count (a list); null: all of them. */
export function joinGrowthSteps(actions: readonly Action[], listed: number | null): Action[] {
  const shown: Action[] = [];
  let group: Action[] = [];
  const flush = () => {
    if (group.length > 0) shown.push(joined(group, listed));
    group = [];
  };
  for (const action of actions) {
    const last = group[group.length - 1];
    if (last && !joinable(last, action)) flush();
    group.push(action);
  }
  flush();
  return shown;
}

function joinable(a: Action, b: Action): boolean {
  return (
    a.status === 'proposed' &&
    b.status === 'proposed' &&
    a.capability === b.capability &&
    a.app === b.app &&
    a.accountId === b.accountId &&
    a.decision === b.decision &&
    !a.caution &&
    !b.caution &&
    a.preview.kind === 'move' &&
    b.preview.kind === 'move' &&
    a.preview.fromMailbox === b.preview.fromMailbox &&
    a.preview.toMailbox === b.preview.toMailbox
  );
}

function joined(group: readonly Action[], listed: number | null): Action {
  const [first] = group;
  if (!first) throw new Error('an empty group of steps');
  if (group.length === 1 || first.preview.kind !== 'move') return first;
  const previews = group.map((action) => action.preview as MovePreview);
  const total = previews.reduce((sum, preview) => sum + countOf(preview), 0);
  const newestFirst = previews.flatMap((preview) => preview.messages).sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  const preview: MovePreview =
    listed === null
      ? { ...first.preview, messages: newestFirst }
      : { ...first.preview, messages: newestFirst.slice(0, listed), messageCount: total };
  return { ...first, title: retitled(first.title, countOf(first.preview), total), preview };
}

function countOf(preview: MovePreview): number {
  return preview.messageCount ?? preview.messages.length;
}

/**
 * The first step's title with the total: planners word a move with its count of messages
 * ("Move 40 messages from INBOX to Archive", "Archive 40 messages (out of the Inbox…)").
 */
function retitled(title: string, count: number, total: number): string {
  const said = plural(count, 'message');
  return title.includes(said) ? title.replace(said, plural(total, 'message')) : `${title} (${plural(total, 'message')} in all)`;
}
