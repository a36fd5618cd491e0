import { Icon } from '../components/Icon';
import { whenWithTime } from '../format/time';
import { useSteward } from '../state';

/** Nothing waiting: say so calmly, and what Steward keeps watching meanwhile. */
export function CaughtUpState() {
  const status = useSteward((state) => state.status.data);
  const emails = status?.accounts.map((account) => account.email) ?? [];
  return (
    <div className="empty-state">
      <div className="empty-state__icon empty-state__icon--ok">
        <Icon name="check-circle" size={22} />
      </div>
      <p className="empty-state__title">You’re all caught up</p>
      <p className="empty-state__text">
        {status?.paused
          ? 'Steward is paused, so nothing new will be suggested until you resume it.'
          : 'Steward keeps watching and will put anything that needs you here.'}
      </p>
      {emails.length > 0 ? (
        <ul className="watching-list" aria-label="Watching">
          {status?.accounts.map((account) => (
            <li key={account.id} className="watching-list__item">
              <Icon name="inbox" size={14} />
              <span className="watching-list__email">{account.email}</span>
              {account.connection.lastSyncAt ? (
                <span className="watching-list__sync">synced {whenWithTime(account.connection.lastSyncAt)}</span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
