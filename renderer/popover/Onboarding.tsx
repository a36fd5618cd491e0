import { desktopShell } from '../api';
import { Icon } from '../components/Icon';
import { ToggleSwitch } from '../components/ToggleSwitch';
import { OpenSettings } from './OpenSettings';
import { acceleratorLabel, useShellState } from './use-shell-state';

/**
 * First run, while no account exists: what to do first, what Steward will and will never do,
 * and how to stop it. The desktop shell opens the popover for it at start, whatever the tray
 * does (Windows 11 hides new tray icons in the overflow, the notch can hide menu-bar items).
 */
export function Onboarding() {
  const shell = desktopShell();
  const shellState = useShellState();
  const trayMenu = shell !== null && shellState?.trayAdvice === null;
  const shortcut = shell && shellState?.pauseShortcut ? acceleratorLabel(shellState.pauseShortcut, shell.platform) : null;
  const launchAtLogin = shellState?.launchAtLogin;

  return (
    <div className="onboarding">
      <div className="onboarding__intro">
        <h2 className="onboarding__title">Welcome to Steward</h2>
        <p className="onboarding__lead">
          Steward watches your mail, notices what needs you and proposes what to do. Nothing happens until you say yes.
        </p>
      </div>

      <ol className="onboarding__steps">
        <li className="onboarding__step">
          <span className="onboarding__marker" aria-hidden="true">
            1
          </span>
          <div className="onboarding__body">
            <h3 className="onboarding__step-title">Connect your mail account</h3>
            <p className="onboarding__text">Any IMAP account: your password stays in this computer’s keychain.</p>
            <OpenSettings className="button button--primary button--small" withIcon page="accounts">
              Connect an account
            </OpenSettings>
          </div>
        </li>

        <li className="onboarding__step">
          <span className="onboarding__marker" aria-hidden="true">
            2
          </span>
          <div className="onboarding__body">
            <h3 className="onboarding__step-title">
              Add a model key <span className="onboarding__optional">optional · coming soon</span>
            </h3>
            <p className="onboarding__text">
              It will go in Settings → Model and let Steward draft replies and judge what matters. Until then it uses built-in
              rules.
            </p>
          </div>
        </li>

        <li className="onboarding__step">
          <span className="onboarding__marker" aria-hidden="true">
            3
          </span>
          <div className="onboarding__body">
            <h3 className="onboarding__step-title">What Steward does, and never does</h3>
            <ul className="onboarding__promises">
              <li>
                <Icon name="check" size={14} className="onboarding__yes" />
                Reads new mail in the accounts you connect
              </li>
              <li>
                <Icon name="check" size={14} className="onboarding__yes" />
                Proposes archiving and replies, showing the exact plan
              </li>
              <li>
                <Icon name="check" size={14} className="onboarding__yes" />
                Records every decision in a ledger you can check
              </li>
              <li>
                <Icon name="x" size={14} className="onboarding__no" />
                Never sends, moves or deletes anything you did not approve (or allow with a rule)
              </li>
              <li>
                <Icon name="x" size={14} className="onboarding__no" />
                Never deletes anything permanently
              </li>
            </ul>
          </div>
        </li>

        <li className="onboarding__step">
          <span className="onboarding__marker" aria-hidden="true">
            4
          </span>
          <div className="onboarding__body">
            <h3 className="onboarding__step-title">How to pause it</h3>
            <p className="onboarding__text">
              The <strong>Pause</strong> switch at the top stops Steward at once: nothing more is done until you resume it. Also:
            </p>
            <ul className="onboarding__ways">
              {trayMenu ? <li>Pause Steward in the tray menu</li> : null}
              {shortcut ? (
                <li>
                  <kbd className="onboarding__kbd">{shortcut}</kbd> from any app
                </li>
              ) : null}
              <li>
                <code className="onboarding__code">steward pause</code> in a terminal
              </li>
            </ul>
          </div>
        </li>
      </ol>

      {shell && launchAtLogin?.available ? (
        <div className="onboarding__login">
          <ToggleSwitch
            className="onboarding__login-switch"
            checked={launchAtLogin.enabled}
            label="Start Steward when I log in"
            describedBy="onboarding-login-note"
            onChange={(enabled) => shell.setLaunchAtLogin(enabled)}
          />
          <p id="onboarding-login-note" className="onboarding__note">
            On by default once your account is connected{trayMenu ? '; also in the tray menu' : ''}.
          </p>
        </div>
      ) : null}
    </div>
  );
}
