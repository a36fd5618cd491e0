import type { EngineStatus } from '@shared/domain/types';
import { Icon } from '../components/Icon';
import { accountProblems, statusLine } from '../format/status-line';
import { clockTime } from '../format/time';
import { NextEventLine } from './NextEventLine';
import { OpenSettings } from './OpenSettings';

/**
 * What Steward is doing, in one line, and any account that needs the user, in words. When
 * paused, the line says only that: nothing else matters as much.
 */
export function StatusLine({ status, waiting }: { status: EngineStatus; waiting: number }) {
  if (status.paused) {
    const since = status.pausedAt ? `Since ${clockTime(status.pausedAt)}` : null;
    const by = status.pausedBy ? pausedByWords(status.pausedBy) : null;
    const why = status.pausedReason ? `“${status.pausedReason}”` : null;
    return (
      <div className="status-line">
        <p className="status-line__paused">Paused: Steward will not act</p>
        <p className="status-line__detail">
          {[since, by, why, 'Turn the switch off to resume.'].filter(Boolean).join(' · ')}
        </p>
      </div>
    );
  }
  const problems = accountProblems(status);
  return (
    <div className="status-line">
      <p className="status-line__summary">{statusLine(status, waiting)}</p>
      <NextEventLine day={status.day ?? null} />
      {problems.map((problem) => (
        <p key={problem} className="status-line__problem">
          <Icon name="alert" size={14} />
          <span className="status-line__problem-text">{problem}</span>
          <OpenSettings className="button button--link button--small" page="accounts">
            Fix
          </OpenSettings>
        </p>
      ))}
    </div>
  );
}

function pausedByWords(actor: string): string {
  if (actor.startsWith('user:')) return 'by you';
  if (actor === 'engine' || actor.startsWith('breaker')) return 'by Steward’s safety brake';
  if (actor === 'shell') return 'by the desktop app';
  return `by ${actor}`;
}
