/**
 * Start Steward at login. macOS and Windows have `app.setLoginItemSettings` (an SMAppService
 * login item; a Run key in the registry). Linux desktops follow the XDG autostart spec: a
 * .desktop file in ~/.config/autostart, which GNOME, KDE, XFCE and the rest all read.
 *
 * A start at login is told apart from a start by the user (who should see Steward at once, see
 * desktop-plan.ts): Windows and Linux pass `--autostart`; macOS says `wasOpenedAtLogin`.
 *
 * Only a packaged app registers itself: in development the executable is the bare Electron
 * binary, and a login item pointing at it would start an empty Electron at every login.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { App } from 'electron';

export const AUTOSTART_ARG = '--autostart';

export type LoginItemApp = Pick<App, 'getLoginItemSettings' | 'setLoginItemSettings' | 'isPackaged'>;

export interface LoginItem {
  /** Null when it can be used; otherwise why not, in words. */
  readonly unavailableReason: string | null;
  isEnabled(): boolean;
  setEnabled(enabled: boolean): void;
}

/** One argument of a desktop entry's Exec key, quoted where the spec requires it. */
export function quoteExecArgument(arg: string): string {
  if (/^[A-Za-z0-9_/.+=:,@-]+$/.test(arg)) return arg;
  return `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * The Exec value: quoted arguments, then the string escape of the whole value (a backslash is
 * written twice), then `%` doubled, in that order, as the Desktop Entry spec says.
 */
export function execValue(command: readonly string[]): string {
  return command
    .map(quoteExecArgument)
    .join(' ')
    .replace(/\\/g, '\\\\')
    .replace(/%/g, '%%');
}

export function autostartDesktopEntry(options: { readonly name: string; readonly command: readonly string[]; readonly comment: string }): string {
  const single = (text: string) => text.replace(/[\r\n]+/g, ' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${single(options.name)}`,
    `Comment=${single(options.comment)}`,
    `Exec=${execValue(options.command)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function autostartFile(env: NodeJS.ProcessEnv, homeDir: string, desktopId: string): string {
  const configHome = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(homeDir, '.config');
  return join(configHome, 'autostart', `${desktopId}.desktop`);
}

export interface LoginItemOptions {
  readonly platform: NodeJS.Platform;
  readonly app: LoginItemApp;
  readonly env: NodeJS.ProcessEnv;
  readonly execPath: string;
  readonly homeDir: string;
  /** The installed .desktop file's name without the suffix (package.json desktopName). */
  readonly desktopId: string;
  readonly productName: string;
}

export function createLoginItem(options: LoginItemOptions): LoginItem {
  const { platform, app } = options;
  if (!app.isPackaged) {
    return unavailable('Start at login is only offered by an installed Steward: in development it would start a bare Electron at every login.');
  }
  if (platform === 'darwin') {
    return {
      unavailableReason: null,
      isEnabled: () => app.getLoginItemSettings().openAtLogin,
      setEnabled: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled }),
    };
  }
  if (platform === 'win32') {
    const args = [AUTOSTART_ARG];
    return {
      unavailableReason: null,
      isEnabled: () => app.getLoginItemSettings({ args }).openAtLogin,
      setEnabled: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled, args }),
    };
  }
  if (platform === 'linux') return xdgAutostart(options);
  return unavailable(`Start at login is not supported on ${platform}.`);
}

function unavailable(reason: string): LoginItem {
  return { unavailableReason: reason, isEnabled: () => false, setEnabled: () => undefined };
}

function xdgAutostart(options: LoginItemOptions): LoginItem {
  const file = autostartFile(options.env, options.homeDir, options.desktopId);
  // An AppImage runs from a mount that changes at every start; APPIMAGE is the file itself.
  const executable = options.env.APPIMAGE ?? options.execPath;
  const entry = autostartDesktopEntry({
    name: options.productName,
    comment: 'Starts Steward when you log in',
    command: [executable, AUTOSTART_ARG],
  });
  return {
    unavailableReason: null,
    isEnabled() {
      try {
        // Hidden=true is how a desktop's own settings switch an autostart entry off.
        return !/^Hidden=true$/m.test(readFileSync(file, 'utf8'));
      } catch {
        return false;
      }
    },
    setEnabled(enabled) {
      if (enabled) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, entry, { mode: 0o644 });
      } else {
        rmSync(file, { force: true });
      }
    },
  };
}

export function launchedAtLogin(platform: NodeJS.Platform, argv: readonly string[], app: Pick<App, 'getLoginItemSettings'>): boolean {
  if (platform === 'darwin') return app.getLoginItemSettings().wasOpenedAtLogin;
  return argv.includes(AUTOSTART_ARG);
}
