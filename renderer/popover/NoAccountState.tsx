import { Icon } from '../components/Icon';
import { OpenSettings } from './OpenSettings';

/** What a new user sees first: one thing to do. */
export function NoAccountState() {
  return (
    <div className="empty-state">
      <div className="empty-state__icon">
        <Icon name="mail" size={22} />
      </div>
      <p className="empty-state__title">Add your mail account in Settings to get started</p>
      <p className="empty-state__text">
        Steward watches your inbox and suggests what to archive or answer. Nothing happens until you approve it.
      </p>
      <OpenSettings className="button button--primary" withIcon page="accounts">
        Open Settings
      </OpenSettings>
    </div>
  );
}
