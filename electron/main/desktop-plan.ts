/**
 * How Steward shows itself on a given desktop, decided once at startup from a few facts. Pure,
 * so one table test states every OS's behaviour (desktop-plan.test.ts).
 *
 * Why it varies:
 * - GNOME (Fedora, Debian, stock Ubuntu without its extension) has no StatusNotifierItem host:
 *   Electron then falls back to a GtkStatusIcon that GNOME Shell never shows. A popover that
 *   starts hidden behind an invisible icon is an app nobody can open, so Steward opens as an
 *   ordinary window and says how to get a tray icon.
 * - Wayland ignores a window's position, always-on-top and skip-taskbar: a "popover" there is
 *   a frameless window dropped wherever the compositor likes. An ordinary window is honest.
 *   Global shortcuts go through a portal whose bind the app cannot confirm (GNOME can refuse
 *   it silently), so the shortcut is never presented as working.
 * - macOS fires `activate` when the running app is opened again from Finder or Spotlight, not
 *   `second-instance`; and a Dock-less app's window opens behind the active app unless the app
 *   takes focus, which needs a Dock icon while Settings is open.
 * - Windows 11 puts a new tray icon in the overflow and the macOS notch can hide menu-bar
 *   items, so a start by the user always shows Steward instead of trusting the icon is seen.
 */
import type { WindowSurface } from '../../shared/shell/protocol.js';

/** Whether something shows StatusNotifierItem icons (Linux); macOS and Windows always have a tray. */
export type TrayHost = 'present' | 'absent' | 'unknown';
export type SessionType = 'x11' | 'wayland' | 'native';
export type LinuxDesktop = 'gnome' | 'kde' | 'other';

export interface DesktopFacts {
  readonly platform: NodeJS.Platform;
  /** 'native' on macOS and Windows. */
  readonly session: SessionType;
  readonly desktop: LinuxDesktop | 'native';
  readonly trayHost: TrayHost;
}

export type StartLaunch = 'user' | 'login';

/** What opens when Steward starts. */
export type AtStart =
  /** Shown at once. */
  | 'show'
  /** Nothing but the tray icon, unless no account exists yet (then the onboarding). */
  | 'show-if-no-account';

export type EngineStop =
  /** `shutdown` over the port, then TerminateProcess (no handler runs) after the timeout. */
  | 'shutdown-message-then-terminate-process'
  /** `shutdown` over the port, then SIGTERM after the timeout, then SIGKILL. */
  | 'shutdown-message-then-sigterm-then-sigkill';

export interface DesktopPlan {
  readonly surface: WindowSurface;
  /** Whether the tray icon can be relied on to reach Steward. */
  readonly trayReliable: boolean;
  readonly atStart: Readonly<Record<StartLaunch, AtStart>>;
  /** Starting Steward again while it runs (launcher, Start menu, `steward` .desktop file). */
  readonly onSecondLaunch: 'show';
  /** macOS `activate` (Finder, Spotlight, Dock): shows Steward; elsewhere it never fires. */
  readonly onActivate: 'show' | 'not-fired';
  /** A Dock icon while Settings is open, so it can come to the front (macOS). */
  readonly dockIconWhileSettingsOpen: boolean;
  /** Whether `globalShortcut.register` returning true means the shortcut works. */
  readonly shortcutConfirmable: boolean;
  readonly engineStop: EngineStop;
  /** Shown in the window when the tray cannot be relied on; null otherwise. */
  readonly trayAdvice: string | null;
}

export function trayAdvice(facts: DesktopFacts): string | null {
  if (facts.platform !== 'linux' || facts.trayHost === 'present') return null;
  const reopen = 'Closing this window keeps Steward watching; open Steward from your apps to bring it back.';
  if (facts.desktop === 'gnome') {
    return (
      'GNOME shows no tray icons by itself, so Steward is a window. For an icon in the top bar, install the extension ' +
      '“AppIndicator and KStatusNotifierItem Support” (gnome-shell-extension-appindicator) and log in again. ' +
      reopen
    );
  }
  if (facts.trayHost === 'unknown') {
    return `Steward could not tell whether your desktop shows tray icons (neither gdbus nor dbus-send answered), so it opens as a window. ${reopen}`;
  }
  return `Your desktop shows no StatusNotifierItem tray icons, so Steward opens as a window. Add a system tray (status notifier) to your panel for an icon. ${reopen}`;
}

export function desktopPlan(facts: DesktopFacts): DesktopPlan {
  const trayReliable = facts.platform !== 'linux' || facts.trayHost === 'present';
  const wayland = facts.session === 'wayland';
  const surface: WindowSurface = trayReliable && !wayland ? 'popover' : 'window';
  return {
    surface,
    trayReliable,
    atStart: { user: 'show', login: trayReliable ? 'show-if-no-account' : 'show' },
    onSecondLaunch: 'show',
    onActivate: facts.platform === 'darwin' ? 'show' : 'not-fired',
    dockIconWhileSettingsOpen: facts.platform === 'darwin',
    shortcutConfirmable: !wayland,
    engineStop: facts.platform === 'win32' ? 'shutdown-message-then-terminate-process' : 'shutdown-message-then-sigterm-then-sigkill',
    trayAdvice: trayAdvice(facts),
  };
}

/** Wayland or X11, as Electron ≥ 38 picks: native Wayland in a Wayland session unless told `--ozone-platform=x11`. */
export function sessionType(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, ozonePlatformSwitch: string): SessionType {
  if (platform !== 'linux') return 'native';
  if (ozonePlatformSwitch === 'x11') return 'x11';
  if (ozonePlatformSwitch === 'wayland') return 'wayland';
  if (env.XDG_SESSION_TYPE === 'wayland') return 'wayland';
  if (env.XDG_SESSION_TYPE === 'x11') return 'x11';
  return env.WAYLAND_DISPLAY && !env.DISPLAY ? 'wayland' : 'x11';
}

/** XDG_CURRENT_DESKTOP is a colon-separated list ("ubuntu:GNOME", "KDE"). */
export function linuxDesktop(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): LinuxDesktop | 'native' {
  if (platform !== 'linux') return 'native';
  const names = `${env.XDG_CURRENT_DESKTOP ?? ''}:${env.XDG_SESSION_DESKTOP ?? ''}:${env.DESKTOP_SESSION ?? ''}`.toLowerCase().split(':');
  if (names.some((name) => name === 'gnome' || name.startsWith('gnome-') || name === 'ubuntu')) return 'gnome';
  if (names.some((name) => name === 'kde' || name === 'plasma' || name.startsWith('plasma'))) return 'kde';
  return 'other';
}
