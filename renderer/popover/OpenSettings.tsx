import type { ReactNode } from 'react';
import { desktopShell, pageHrefWithToken } from '../api';
import { Icon } from '../components/Icon';

interface OpenSettingsProps {
  readonly children: ReactNode;
  readonly className?: string;
  readonly withIcon?: boolean;
  /** The settings page to open, where the transport can say (a browser can; the shell opens the last one). */
  readonly page?: 'accounts' | 'permissions' | 'ledger' | 'model' | 'runs' | 'memory';
}

/**
 * Opens the settings window: through the shell on the desktop, as a new tab (carrying the
 * access token) in a browser.
 */
export function OpenSettings({ children, className = 'button button--secondary', withIcon = false, page }: OpenSettingsProps) {
  const shell = desktopShell();
  if (shell) {
    return (
      <button type="button" className={className} onClick={() => shell.openSettings()}>
        {withIcon ? <Icon name="gear" /> : null}
        {children}
      </button>
    );
  }
  return (
    <a className={className} href={pageHrefWithToken(page ? `settings.html?page=${page}` : 'settings.html')} target="_blank" rel="noopener">
      {withIcon ? <Icon name="gear" /> : null}
      {children}
    </a>
  );
}
