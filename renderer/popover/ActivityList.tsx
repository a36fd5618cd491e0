import type { Action } from '@shared/domain/types';
import { Icon } from '../components/Icon';
import { shortWhen } from '../format/time';
import { useSteward, useStewardActions } from '../state';
import { ActivityRow } from './ActivityRow';
import { ListError, LoadingCards } from './ListPlaceholders';

/** The *Activity* tab: what ran, failed or was undone, newest first, grouped by day. */
export function ActivityList() {
  const activity = useSteward((state) => state.activity);
  const undos = useSteward((state) => state.undos);
  const online = useSteward((state) => state.link.kind === 'open');
  const actions = useStewardActions();

  if (activity.data === null) {
    return activity.error ? <ListError message={activity.error} onRetry={() => void actions.refresh('activity')} /> : <LoadingCards />;
  }
  if (activity.data.length === 0) {
    return (
      <div className="empty-state">
        <div className="empty-state__icon">
          <Icon name="clock" size={22} />
        </div>
        <p className="empty-state__title">Nothing has run yet</p>
        <p className="empty-state__text">What you approve shows up here, with Undo for as long as it is possible.</p>
      </div>
    );
  }

  return (
    <div className="activity">
      {activity.error ? <p className="list-note">Could not refresh: {activity.error}</p> : null}
      {groupByDay(activity.data).map(([day, rows]) => (
        <section key={day} className="activity__day" aria-label={day}>
          <h2 className="activity__day-title">{day}</h2>
          <ul className="activity__list">
            {rows.map((action) => (
              <ActivityRow
                key={action.id}
                action={action}
                undo={undos[action.id]}
                online={online}
                onUndo={() => void actions.undo(action.id)}
              />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function activityTime(action: Action): string | null {
  return action.undoneAt ?? action.executedAt;
}

function groupByDay(actions: readonly Action[]): [string, Action[]][] {
  const groups = new Map<string, Action[]>();
  const now = new Date();
  for (const action of actions) {
    const at = activityTime(action);
    const when = at ? shortWhen(at, now) : '';
    const day = !at ? 'Earlier' : when.includes(':') ? 'Today' : when;
    groups.set(day, [...(groups.get(day) ?? []), action]);
  }
  return [...groups];
}
