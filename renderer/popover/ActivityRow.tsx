import type { Action } from '@shared/domain/types';
import { Icon, type IconName } from '../components/Icon';
import { Spinner } from '../components/Spinner';
import { clockTime, fullTime } from '../format/time';
import type { Operation } from '../state';
import { HELD_WORDS } from './PauseWait';

interface ActivityRowProps {
  readonly action: Action;
  readonly undo: Operation | undefined;
  readonly online: boolean;
  readonly onUndo: () => void;
}

const LOOK: Partial<Record<Action['status'], { icon: IconName; tone: string; words: string }>> = {
  done: { icon: 'check', tone: 'ok', words: 'Done' },
  failed: { icon: 'alert', tone: 'attention', words: 'Failed' },
  interrupted: { icon: 'alert', tone: 'attention', words: 'Interrupted' },
  cancelled: { icon: 'x', tone: 'quiet', words: 'Cancelled' },
  undone: { icon: 'undo', tone: 'quiet', words: 'Undone' },
  running: { icon: 'clock', tone: 'quiet', words: 'Running' },
  scheduled: { icon: 'clock', tone: 'quiet', words: 'Waiting to be sent: Undo recalls it' },
  held: { icon: 'pause', tone: 'quiet', words: HELD_WORDS },
};

/** One executed, failed or undone action, with Undo while the source still allows it. */
export function ActivityRow({ action, undo, online, onUndo }: ActivityRowProps) {
  const look = LOOK[action.status] ?? { icon: 'clock', tone: 'quiet', words: action.status };
  const at = action.executedAt ?? action.undoneAt;
  // What happened reads better than what was planned: "Moved 3 messages to Archive".
  const title = action.status === 'done' || action.status === 'undone' ? (action.result ?? action.title) : action.title;
  const held = action.status === 'held';
  // A held step's error is only why it waits: said in the row's own words, not as a problem.
  const problem = held ? null : action.error;
  const detail =
    action.status === 'undone'
      ? `Undone${action.undoneAt ? ` at ${clockTime(action.undoneAt)}` : ''}`
      : problem ?? (action.status === 'done' ? null : look.words);
  return (
    <li className="activity-row">
      <span className={`activity-row__icon activity-row__icon--${look.tone}`} role="img" aria-label={look.words}>
        <Icon name={look.icon} size={14} />
      </span>
      <div className="activity-row__body">
        <p className="activity-row__title">{title}</p>
        {detail ? (
          <p className={problem ? 'activity-row__detail activity-row__detail--attention' : 'activity-row__detail'}>{detail}</p>
        ) : null}
        {undo?.error ? (
          <p className="activity-row__detail activity-row__detail--attention" role="alert">
            {undo.error}
          </p>
        ) : null}
      </div>
      <div className="activity-row__side">
        {at ? (
          <time className="activity-row__time" dateTime={at} title={fullTime(at)}>
            {clockTime(at)}
          </time>
        ) : null}
        {action.canUndo ? (
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={undo?.busy || !online}
            aria-label={`${action.status === 'scheduled' ? 'Recall' : held ? 'Don’t run' : 'Undo'}: ${action.title}`}
            onClick={onUndo}
          >
            {undo?.busy ? <Spinner size={12} /> : <Icon name={held ? 'x' : 'undo'} size={12} />}
            {held ? 'Don’t run' : 'Undo'}
          </button>
        ) : null}
      </div>
    </li>
  );
}
