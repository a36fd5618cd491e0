/**
 * The popover and settings windows, and the hardening every window and the session get.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions, HandlerDetails } from 'electron';
import { FakeBrowserWindow, FakeWebContents, preventableEvent, screenState } from './test-support/fake-electron.js';

vi.mock('electron', async () => await import('./test-support/fake-electron.js'));

const { APP_WINDOW_SIZE, PopoverWindow, POPOVER_SIZE, REOPEN_GUARD_MS } = await import('./popover-window.js');
const { SettingsWindow, SETTINGS_SIZE } = await import('./settings-window.js');
const { hardenSession, hardenWebContents } = await import('./web-security.js');

const look = { preloadPath: '/app/out/preload/index.cjs', backgroundColor: '#ffffff' };

function expectSecureWebPreferences(options: BrowserWindowConstructorOptions): void {
  expect(options.webPreferences).toMatchObject({
    preload: look.preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
  });
}

function fakeOf(window: unknown): FakeBrowserWindow {
  return window as FakeBrowserWindow;
}

beforeEach(() => {
  FakeBrowserWindow.instances.length = 0;
  screenState.display = { bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 25, width: 1920, height: 1055 } };
  screenState.cursor = { x: 1000, y: 10 };
});

describe('PopoverWindow', () => {
  function createPopover(clock = { now: 0 }): { popover: InstanceType<typeof PopoverWindow>; window: FakeBrowserWindow } {
    const popover = new PopoverWindow({ ...look, url: 'app://steward/index.html', platform: 'darwin', now: () => clock.now });
    return { popover, window: fakeOf(popover.window) };
  }

  it('is created once, hidden, frameless, 400×600, with the security flags, and starts loading at once', () => {
    const { window } = createPopover();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(window.options).toMatchObject({ ...POPOVER_SIZE, show: false, frame: false, resizable: false, skipTaskbar: true });
    expectSecureWebPreferences(window.options);
    expect(window.webContents.getURL()).toBe('app://steward/index.html');
    expect(window.isVisible()).toBe(false);
  });

  it('a tray click shows it under the icon; a blur hides it', () => {
    const { popover, window } = createPopover();
    popover.toggle({ x: 1500, y: 0, width: 24, height: 24 });
    expect(window.isVisible()).toBe(true);
    expect(window.focused).toBe(true);
    expect(window.getBounds()).toEqual({ x: 1312, y: 33, ...POPOVER_SIZE });

    window.blur();
    expect(window.isVisible()).toBe(false);
  });

  it('the click on the icon that blurred it closes it rather than reopening it', () => {
    const clock = { now: 10_000 };
    const { popover, window } = createPopover(clock);
    const tray = { x: 1500, y: 0, width: 24, height: 24 };
    popover.toggle(tray);

    // Clicking the icon: the OS blurs the popover first, then delivers the click.
    window.blur();
    clock.now += 50;
    popover.toggle(tray);
    expect(window.isVisible()).toBe(false);

    clock.now += REOPEN_GUARD_MS;
    popover.toggle(tray);
    expect(window.isVisible()).toBe(true);
  });

  it('a click while it is showing (no blur first, e.g. Windows) hides it', () => {
    const { popover, window } = createPopover();
    popover.toggle();
    popover.toggle();
    expect(window.isVisible()).toBe(false);
  });

  it('without tray bounds (Linux) it opens near the cursor', () => {
    const { popover, window } = createPopover();
    popover.show({ x: 0, y: 0, width: 0, height: 0 });
    expect(window.getBounds()).toMatchObject({ x: 800, y: 33 });
  });

  it('closing only hides it, until the app quits', () => {
    const { popover, window } = createPopover();
    popover.show();
    window.close();
    expect(window.isDestroyed()).toBe(false);
    expect(window.isVisible()).toBe(false);

    popover.allowClose();
    window.close();
    expect(window.isDestroyed()).toBe(true);
  });

  it('stays open while DevTools has focus', () => {
    const { popover, window } = createPopover();
    popover.show();
    window.webContents.devToolsOpened = true;
    window.blur();
    expect(window.isVisible()).toBe(true);
  });
});

describe('PopoverWindow as an ordinary window (no tray host, Wayland)', () => {
  function createWindow(): { popover: InstanceType<typeof PopoverWindow>; window: FakeBrowserWindow } {
    const popover = new PopoverWindow({ ...look, url: 'app://steward/index.html', platform: 'linux', surface: 'window' });
    return { popover, window: fakeOf(popover.window) };
  }

  it('is framed, resizable, in the taskbar, not always on top', () => {
    const { window } = createWindow();
    expect(window.options).toMatchObject({ ...APP_WINDOW_SIZE, show: false });
    for (const popoverOnly of ['frame', 'skipTaskbar', 'alwaysOnTop', 'resizable', 'movable'] as const) {
      expect(window.options[popoverOnly], popoverOnly).toBeUndefined();
    }
    expectSecureWebPreferences(window.options);
  });

  it('shows where the desktop puts it (no positioning), and stays when it loses focus', () => {
    const { popover, window } = createWindow();
    const before = window.getBounds();
    popover.show({ x: 1500, y: 0, width: 24, height: 24 });
    expect(window.isVisible()).toBe(true);
    expect(window.getBounds()).toEqual(before);
    window.blur();
    expect(window.isVisible()).toBe(true);
  });

  it('a tray click brings a window that is behind to the front, and hides one in front', () => {
    const { popover, window } = createWindow();
    popover.show();
    window.blur();
    popover.toggle();
    expect(window.isVisible() && window.isFocused()).toBe(true);
    popover.toggle();
    expect(window.isVisible()).toBe(false);
  });

  it('closing hides it (Steward keeps watching) until the app quits', () => {
    const { popover, window } = createWindow();
    popover.show();
    window.close();
    expect(window.isDestroyed()).toBe(false);
    popover.allowClose();
    window.close();
    expect(window.isDestroyed()).toBe(true);
  });
});

describe('SettingsWindow', () => {
  it('is created on demand, 900×640, with the security flags, and registered', () => {
    const onCreated = vi.fn();
    const settings = new SettingsWindow({ url: 'app://steward/settings.html', look: () => look, onCreated });
    expect(FakeBrowserWindow.instances).toHaveLength(0);

    const window = fakeOf(settings.open());
    expect(window.options).toMatchObject({ ...SETTINGS_SIZE, show: false });
    expectSecureWebPreferences(window.options);
    expect(onCreated).toHaveBeenCalledWith(window);
    expect(window.webContents.getURL()).toBe('app://steward/settings.html');

    window.emit('ready-to-show');
    expect(window.isVisible()).toBe(true);
  });

  it('is a single instance: opening again focuses the same window; after closing, a new one', () => {
    const settings = new SettingsWindow({ url: 'app://steward/settings.html', look: () => look, onCreated: () => undefined });
    const first = fakeOf(settings.open());
    first.minimized = true;
    expect(settings.open()).toBe(first);
    expect(first.minimized).toBe(false);
    expect(FakeBrowserWindow.instances).toHaveLength(1);

    first.close();
    const second = settings.open();
    expect(second).not.toBe(first);
    expect(FakeBrowserWindow.instances).toHaveLength(2);
  });

  it('opens on the page asked for, also when it is already open; says when it is shown and gone', () => {
    const onShown = vi.fn();
    const onClosed = vi.fn();
    const settings = new SettingsWindow({ url: 'app://steward/settings.html', look: () => look, onCreated: () => undefined, onShown, onClosed });
    const window = fakeOf(settings.open('ledger'));
    expect(window.webContents.getURL()).toBe('app://steward/settings.html?page=ledger');
    expect(onShown).not.toHaveBeenCalled();
    window.readyToShow();
    expect(onShown).toHaveBeenCalledWith(window);

    settings.open('permissions');
    expect(window.webContents.getURL()).toBe('app://steward/settings.html?page=permissions');
    expect(onShown).toHaveBeenCalledTimes(2);
    // Without a page it is only brought forward, with whatever the user had open.
    settings.open();
    expect(window.webContents.getURL()).toBe('app://steward/settings.html?page=permissions');

    window.close();
    expect(onClosed).toHaveBeenCalledOnce();
  });
});

describe('hardening', () => {
  it('webContents: no new windows, no navigation, no <webview>', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as never, () => undefined);

    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' } as HandlerDetails)).toEqual({ action: 'deny' });
    const navigation = preventableEvent();
    contents.emit('will-navigate', navigation, 'https://evil.example/');
    expect(navigation.defaultPrevented).toBe(true);
    const webview = preventableEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
  });

  it('session: every permission request and check is denied', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() };
    hardenSession(session);

    const requestHandler = session.setPermissionRequestHandler.mock.calls[0]?.[0] as (c: unknown, p: string, cb: (ok: boolean) => void) => void;
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      requestHandler({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    const checkHandler = session.setPermissionCheckHandler.mock.calls[0]?.[0] as () => boolean;
    expect(checkHandler()).toBe(false);
    const deviceHandler = session.setDevicePermissionHandler.mock.calls[0]?.[0] as () => boolean;
    expect(deviceHandler()).toBe(false);
  });
});
