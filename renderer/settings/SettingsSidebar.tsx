import { desktopShell, pageHrefWithToken } from '../api';
import { Icon, type IconName } from '../components/Icon';

import type { SettingsPageId } from '@shared/shell/protocol';

/** The pages, in the order of the sidebar; the shell can open any of them by id. */
export type SettingsPage = SettingsPageId;

export const SETTINGS_PAGES: readonly { id: SettingsPage; label: string; icon: IconName }[] = [
  { id: 'accounts', label: 'Accounts', icon: 'mail' },
  { id: 'folders', label: 'Folders', icon: 'folder' },
  { id: 'permissions', label: 'Permissions', icon: 'key' },
  { id: 'rules', label: 'Rules', icon: 'refresh' },
  { id: 'ledger', label: 'Ledger', icon: 'book' },
  { id: 'model', label: 'Model and budget', icon: 'sparkle' },
  { id: 'runs', label: 'Runs', icon: 'list' },
  { id: 'interruptions', label: 'Interruptions', icon: 'bell' },
  { id: 'memory', label: 'Memory', icon: 'bookmark' },
];

export function SettingsSidebar({ active, onSelect }: { active: SettingsPage; onSelect: (page: SettingsPage) => void }) {
  return (
    <nav className="sidebar" aria-label="Settings">
      <p className="sidebar__title">
        <Icon name="shield-check" size={18} className="app-mark" />
        Settings
      </p>
      <ul className="sidebar__list">
        {SETTINGS_PAGES.map((page) => (
          <li key={page.id}>
            <button
              type="button"
              className="sidebar__item"
              aria-current={active === page.id ? 'page' : undefined}
              onClick={() => onSelect(page.id)}
            >
              <Icon name={page.icon} size={16} />
              {page.label}
            </button>
          </li>
        ))}
      </ul>
      {desktopShell() ? null : (
        <a className="sidebar__back" href={pageHrefWithToken('./')}>
          <Icon name="chevron-left" size={14} />
          Suggestions
        </a>
      )}
    </nav>
  );
}
