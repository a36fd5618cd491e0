/**
 * What Steward does on each desktop, as one table: platform × tray host × session type →
 * the window surface, what opens at start (by the user, at login), what a second launch and
 * macOS `activate` do, whether the pause shortcut is presented, and how the engine is stopped.
 *
 * The first block states the plan (desktop-plan.ts); the second starts the real shell on each
 * row against the fake Electron and checks that it does what the row says.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { app, FakeBrowserWindow, globalShortcut } from './test-support/fake-electron.js';
import { lastShellState, startTestShell, type TestShell } from './test-support/shell-harness.js';
import { desktopPlan, linuxDesktop, sessionType, type DesktopFacts, type TrayHost } from './desktop-plan.js';

vi.mock('electron', async () => await import('./test-support/fake-electron.js'));

vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
afterAll(() => {
  vi.useRealTimers();
});

interface Row {
  readonly name: string;
  readonly facts: DesktopFacts;
  readonly surface: 'popover' | 'window';
  /** At a start by the user / at login, with accounts already set up. */
  readonly atStart: { readonly user: 'shown'; readonly login: 'nothing' | 'shown' };
  readonly secondLaunch: 'shown';
  readonly activate: 'shown' | 'not-fired';
  readonly shortcutPresented: boolean;
  readonly engineStop: 'shutdown, then TerminateProcess after 8 s' | 'shutdown, then SIGTERM after 8 s, SIGKILL 1.5 s later';
  readonly trayAdvice: RegExp | null;
}

const posix = 'shutdown, then SIGTERM after 8 s, SIGKILL 1.5 s later' as const;

function linux(desktop: 'gnome' | 'kde', session: 'x11' | 'wayland', trayHost: TrayHost): DesktopFacts {
  return { platform: 'linux', desktop, session, trayHost };
}

const TABLE: readonly Row[] = [
  {
    name: 'macOS',
    facts: { platform: 'darwin', desktop: 'native', session: 'native', trayHost: 'present' },
    surface: 'popover',
    atStart: { user: 'shown', login: 'nothing' },
    secondLaunch: 'shown',
    activate: 'shown',
    shortcutPresented: true,
    engineStop: posix,
    trayAdvice: null,
  },
  {
    name: 'Windows',
    facts: { platform: 'win32', desktop: 'native', session: 'native', trayHost: 'present' },
    surface: 'popover',
    atStart: { user: 'shown', login: 'nothing' },
    secondLaunch: 'shown',
    activate: 'not-fired',
    shortcutPresented: true,
    engineStop: 'shutdown, then TerminateProcess after 8 s',
    trayAdvice: null,
  },
  {
    name: 'KDE, X11',
    facts: linux('kde', 'x11', 'present'),
    surface: 'popover',
    atStart: { user: 'shown', login: 'nothing' },
    secondLaunch: 'shown',
    activate: 'not-fired',
    shortcutPresented: true,
    engineStop: posix,
    trayAdvice: null,
  },
  {
    name: 'KDE, Wayland',
    facts: linux('kde', 'wayland', 'present'),
    surface: 'window',
    atStart: { user: 'shown', login: 'nothing' },
    secondLaunch: 'shown',
    activate: 'not-fired',
    shortcutPresented: false,
    engineStop: posix,
    trayAdvice: null,
  },
  {
    name: 'GNOME with the AppIndicator extension, X11',
    facts: linux('gnome', 'x11', 'present'),
    surface: 'popover',
    atStart: { user: 'shown', login: 'nothing' },
    secondLaunch: 'shown',
    activate: 'not-fired',
    shortcutPresented: true,
    engineStop: posix,
    trayAdvice: null,
  },
  {
    name: 'GNOME with the AppIndicator extension, Wayland',
    facts: linux('gnome', 'wayland', 'present'),
    surface: 'window',
    atStart: { user: 'shown', login: 'nothing' },
    secondLaunch: 'shown',
    activate: 'not-fired',
    shortcutPresented: false,
    engineStop: posix,
    trayAdvice: null,
  },
  {
    name: 'stock GNOME (no tray host), X11',
    facts: linux('gnome', 'x11', 'absent'),
    surface: 'window',
    atStart: { user: 'shown', login: 'shown' },
    secondLaunch: 'shown',
    activate: 'not-fired',
    shortcutPresented: true,
    engineStop: posix,
    trayAdvice: /AppIndicator and KStatusNotifierItem Support/,
  },
  {
    name: 'stock GNOME (no tray host), Wayland',
    facts: linux('gnome', 'wayland', 'absent'),
    surface: 'window',
    atStart: { user: 'shown', login: 'shown' },
    secondLaunch: 'shown',
    activate: 'not-fired',
    shortcutPresented: false,
    engineStop: posix,
    trayAdvice: /AppIndicator and KStatusNotifierItem Support/,
  },
  {
    name: 'a desktop where no D-Bus tool answered, X11',
    facts: linux('kde', 'x11', 'unknown'),
    surface: 'window',
    atStart: { user: 'shown', login: 'shown' },
    secondLaunch: 'shown',
    activate: 'not-fired',
    shortcutPresented: true,
    engineStop: posix,
    trayAdvice: /could not tell whether your desktop shows tray icons/,
  },
];

const STOP_WORDS = {
  'shutdown-message-then-terminate-process': 'shutdown, then TerminateProcess after 8 s',
  'shutdown-message-then-sigterm-then-sigkill': posix,
} as const;

describe('the desktop plan, per platform × tray host × session', () => {
  it.each(TABLE)('$name', (row) => {
    const plan = desktopPlan(row.facts);
    expect({
      surface: plan.surface,
      atStart: { user: plan.atStart.user === 'show' ? 'shown' : '?', login: plan.atStart.login === 'show' ? 'shown' : 'nothing' },
      secondLaunch: plan.onSecondLaunch === 'show' ? 'shown' : '?',
      activate: plan.onActivate === 'show' ? 'shown' : 'not-fired',
      shortcutPresented: plan.shortcutConfirmable,
      engineStop: STOP_WORDS[plan.engineStop],
    }).toEqual({
      surface: row.surface,
      atStart: row.atStart,
      secondLaunch: row.secondLaunch,
      activate: row.activate,
      shortcutPresented: row.shortcutPresented,
      engineStop: row.engineStop,
    });
    if (row.trayAdvice) expect(plan.trayAdvice).toMatch(row.trayAdvice);
    else expect(plan.trayAdvice).toBeNull();
  });

  it('reads the session as Electron does: native Wayland in a Wayland session unless --ozone-platform=x11', () => {
    expect(sessionType('linux', { XDG_SESSION_TYPE: 'wayland' }, '')).toBe('wayland');
    expect(sessionType('linux', { XDG_SESSION_TYPE: 'wayland' }, 'x11')).toBe('x11');
    expect(sessionType('linux', { XDG_SESSION_TYPE: 'x11' }, '')).toBe('x11');
    expect(sessionType('linux', { WAYLAND_DISPLAY: 'wayland-0' }, '')).toBe('wayland');
    expect(sessionType('linux', { WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' }, '')).toBe('x11');
    expect(sessionType('darwin', { XDG_SESSION_TYPE: 'wayland' }, '')).toBe('native');
  });

  it('reads the desktop from XDG_CURRENT_DESKTOP', () => {
    expect(linuxDesktop('linux', { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' })).toBe('gnome');
    expect(linuxDesktop('linux', { XDG_CURRENT_DESKTOP: 'GNOME-Classic:GNOME' })).toBe('gnome');
    expect(linuxDesktop('linux', { XDG_CURRENT_DESKTOP: 'KDE' })).toBe('kde');
    expect(linuxDesktop('linux', { XDG_CURRENT_DESKTOP: 'XFCE' })).toBe('other');
    expect(linuxDesktop('win32', {})).toBe('native');
  });
});

describe('the shell does what the table says', () => {
  let t: TestShell | null = null;
  afterEach(() => {
    t?.stop();
    t = null;
  });

  const start = async (row: Row, launchedAtLogin = false): Promise<TestShell> => {
    const { platform, session, trayHost, desktop } = row.facts;
    t = await startTestShell({
      platform,
      trayHost,
      ...(session === 'native' ? {} : { session }),
      ...(desktop === 'native' ? {} : { desktop: desktop === 'gnome' ? 'GNOME' : 'KDE' }),
      launchedAtLogin,
    });
    return t;
  };

  it.each(TABLE)('$name: surface, start by the user, second launch, activate, shortcut, engine stop', async (row) => {
    const shell = await start(row);
    const popover = shell.popover;
    expect(shell.shell.plan.surface).toBe(row.surface);
    if (row.surface === 'popover') expect(popover.options).toMatchObject({ frame: false, skipTaskbar: true, alwaysOnTop: true });
    else expect(popover.options.frame).toBeUndefined();

    // A start by the user always shows Steward: the tray icon may be hidden (overflow, notch, GNOME).
    expect(popover.isVisible()).toBe(true);
    popover.hide();
    app.emit('second-instance');
    expect(popover.isVisible()).toBe(row.secondLaunch === 'shown');
    popover.hide();
    // Electron emits 'activate' on macOS only; the shell would show Steward on any platform.
    if (row.activate === 'shown') {
      app.emit('activate');
      expect(popover.isVisible()).toBe(true);
      popover.hide();
    }

    popover.webContents.finishLoad();
    const state = lastShellState(popover.webContents);
    expect(state?.surface).toBe(row.surface);
    expect(state?.pauseShortcut).toBe(row.shortcutPresented ? 'CommandOrControl+Alt+Shift+P' : null);
    shell.tray.emit('right-click'); // macOS shows its menu on right click; elsewhere it is set on the icon
    expect(shell.tray.menuItem('pause')?.accelerator).toBe(row.shortcutPresented ? 'CommandOrControl+Alt+Shift+P' : undefined);
    // Wayland: registered anyway (the portal may bind it), never presented.
    expect(globalShortcut.handlers.has('CommandOrControl+Alt+Shift+P')).toBe(true);
    if (row.trayAdvice) expect(state?.trayAdvice).toMatch(row.trayAdvice);
    else expect(state?.trayAdvice).toBeNull();

    // Stopping: a shutdown message first on every OS; the kill only after 8 s.
    shell.engineReady();
    const engine = shell.engine();
    engine.exitsOnShutdown = false;
    app.quit();
    expect(engine.messages('shutdown')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(7_999);
    expect(engine.killed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(engine.killed).toBe(true);
  });

  it.each(TABLE)('$name: a start at login shows $atStart.login when accounts exist, and the onboarding when none does', async (row) => {
    const shell = await start(row, true);
    expect(shell.shell.launch).toBe('login');
    expect(shell.popover.isVisible()).toBe(row.atStart.login === 'shown');

    shell.standIn.accounts = [{ id: 'a1', email: 'alice@example.test', connection: { state: 'connected' } as never }];
    shell.engineReady();
    await vi.advanceTimersByTimeAsync(10);
    await vi.waitFor(() => expect(shell.tray.tooltip).toMatch(/Watching/));
    expect(shell.popover.isVisible()).toBe(row.atStart.login === 'shown');
    shell.stop();

    // First run, at login (an installer that set the login item): the onboarding opens anyway.
    const first = await start(row, true);
    first.engineReady();
    await vi.waitFor(() => expect(first.popover.isVisible()).toBe(true));
  });

  it('macOS: Settings from the tray comes to the front with a Dock icon, which goes when it closes', async () => {
    const shell = await start(TABLE[0] as Row);
    expect(app.dock?.visible).toBe(false);
    shell.tray.emit('right-click');
    shell.tray.choose('settings');
    const settings = FakeBrowserWindow.instances[1] as FakeBrowserWindow;
    settings.readyToShow();
    await vi.waitFor(() => expect(app.focus).toHaveBeenCalledWith({ steal: true }));
    expect(app.dock?.visible).toBe(true);
    expect(settings.isFocused()).toBe(true);

    // Opening the app again from Finder with Settings open brings Settings forward.
    settings.blur();
    app.emit('activate');
    expect(settings.isFocused()).toBe(true);

    settings.close();
    expect(app.dock?.visible).toBe(false);
  });

  it('Windows and Linux: Settings never touches a Dock', async () => {
    const shell = await start(TABLE[1] as Row);
    shell.tray.choose('settings');
    (FakeBrowserWindow.instances[1] as FakeBrowserWindow).readyToShow();
    await vi.advanceTimersByTimeAsync(10);
    expect(app.dock).toBeUndefined();
    expect(app.focus).not.toHaveBeenCalled();
    expect((FakeBrowserWindow.instances[1] as FakeBrowserWindow).isVisible()).toBe(true);
  });
});
