import { desktopShell } from '../api';
import { ToggleSwitch } from '../components/ToggleSwitch';
import { useSteward } from '../state';
import { AgentLine } from './AgentLine';
import { OpenSettings } from './OpenSettings';
import { useShellState } from './use-shell-state';

/**
 * Version and Settings. Where there is no tray (stock GNOME) nothing else offers Quit and
 * Start at login, so the footer does.
 */
export function PopoverFooter() {
  const version = useSteward((state) => state.status.data?.version);
  const shell = desktopShell();
  const shellState = useShellState();
  const noTray = shell !== null && shellState !== null && shellState.trayAdvice !== null;
  // One footer landmark holds both the model's line and the bar, so nothing sits outside landmarks.
  return (
    <footer className="popover-foot">
      <AgentLine />
      <div className="popover-footer">
        {noTray && shellState.launchAtLogin.available ? (
          <ToggleSwitch
            className="popover-footer__login"
            checked={shellState.launchAtLogin.enabled}
            label="Start at login"
            onChange={(enabled) => shell.setLaunchAtLogin(enabled)}
          />
        ) : (
          <span className="popover-footer__version">{version ? `Steward ${version}` : 'Steward'}</span>
        )}
        <div className="popover-footer__actions">
          {noTray ? (
            <button type="button" className="button button--ghost button--small" onClick={() => shell.quit()}>
              Quit
            </button>
          ) : null}
          <OpenSettings className="button button--ghost button--small" withIcon>
            Settings
          </OpenSettings>
        </div>
      </div>
    </footer>
  );
}
