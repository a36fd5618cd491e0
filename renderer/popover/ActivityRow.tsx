import type { Action } from '@shared/domain/types';
import { Icon, type IconName } from '../components/Icon';
import { Spinner } from '../components/Spinner';
import { clockTime, fullTime } from '../format/time';
import type { Operation } from '../state';

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
};

/** One executed, failed or undone action, with Undo while the source still allows it. */
export function ActivityRow({ action, undo, online, onUndo }: ActivityRowProps) {
  const look = LOOK[action.status] ?? { icon: 'clock', tone: 'quiet', words: action.status };
  const at = action.executedAt ?? action.undoneAt;
  // What happened reads better than what was planned: "Moved 3 messages to Archive".
  const title = action.status === 'done' || action.status === 'undone' ? (action.result ?? action.title) : action.title;
  const detail =
    action.status === 'undone'
      ? `Undone${action.undoneAt ? ` at ${clockTime(action.undoneAt)}` : ''}`
      : action.error ?? (action.status === 'done' ? null : look.words);
  return (
    <li className="activity-row">
      <span className={`activity-row__icon activity-row__icon--${look.tone}`} role="img" aria-label={look.words}>
        <Icon name={look.icon} size={14} />
      </span>
      <div className="activity-row__body">
        <p className="activity-row__title">{title}</p>
        {detail ? (
          <p className={action.error ? 'activity-row__detail activity-row__detail--attention' : 'activity-row__detail'}>{detail}</p>
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
            aria-label={`${action.status === 'scheduled' ? 'Recall' : 'Undo'}: ${action.title}`}
            onClick={onUndo}
          >
            {undo?.busy ? <Spinner size={12} /> : <Icon name="undo" size={12} />}
            Undo
          </button>
        ) : null}
      </div>
    </li>
  );
}
