import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { NativeImage } from 'electron';
import { FakeNativeImage, FakeTray, type FakeMenu } from './test-support/fake-electron.js';
import type { TrayState } from './tray.js';

vi.mock('electron', async () => await import('./test-support/fake-electron.js'));

const { loadTrayIcons, SystemTray, trayMenuTemplate, trayTooltip } = await import('./tray.js');

const running: TrayState = {
  paused: false,
  engine: 'running',
  killSwitchAccelerator: 'CommandOrControl+Alt+Shift+P',
  launchAtLogin: null,
  updateVersion: null,
  updateWaiting: false,
};

function actions() {
  return {
    togglePopover: vi.fn(),
    openPopover: vi.fn(),
    pause: vi.fn(),
    resume: vi.fn(),
    openSettings: vi.fn(),
    restartEngine: vi.fn(),
    setLaunchAtLogin: vi.fn(),
    restartToUpdate: vi.fn(),
    quit: vi.fn(),
  };
}

const icons = { active: new FakeNativeImage('tray.png') as unknown as NativeImage, paused: new FakeNativeImage('tray-paused.png') as unknown as NativeImage };

function createTray(platform: NodeJS.Platform, state: TrayState = running) {
  const handlers = actions();
  const tray = new SystemTray({ createTray: (icon) => new FakeTray(icon) as never, icons, actions: handlers, platform, initialState: state });
  const fake = FakeTray.instances.at(-1) as FakeTray;
  return { tray, fake, handlers };
}

beforeEach(() => {
  FakeTray.instances.length = 0;
});

describe('trayMenuTemplate', () => {
  const ids = (state: TrayState) => trayMenuTemplate(state, actions()).map((item) => item.id ?? item.type);

  it('offers Open, Pause, Settings and Quit while running', () => {
    expect(ids(running)).toEqual(['status', 'separator', 'open', 'pause', 'separator', 'settings', 'separator', 'quit']);
  });

  it('offers Resume instead of Pause when paused, enabled only with a running engine', () => {
    expect(ids({ ...running, paused: true })).toContain('resume');
    expect(ids({ ...running, paused: true })).not.toContain('pause');
    const resume = trayMenuTemplate({ ...running, paused: true, engine: 'restarting' }, actions()).find((i) => i.id === 'resume');
    expect(resume?.enabled).toBe(false);
  });

  it('keeps Pause enabled while the engine is down, so it starts paused', () => {
    const pause = trayMenuTemplate({ ...running, engine: 'restarting' }, actions()).find((i) => i.id === 'pause');
    expect(pause?.enabled).not.toBe(false);
  });

  it('shows the kill switch shortcut beside Pause without registering it a second time', () => {
    const pause = trayMenuTemplate(running, actions()).find((i) => i.id === 'pause');
    expect(pause).toMatchObject({ accelerator: 'CommandOrControl+Alt+Shift+P', registerAccelerator: false });
  });

  it('shows no shortcut where it could not be confirmed (taken, or Wayland)', () => {
    const pause = trayMenuTemplate({ ...running, killSwitchAccelerator: null }, actions()).find((i) => i.id === 'pause');
    expect(pause?.accelerator).toBeUndefined();
  });

  it('offers Start at Login as a checkbox where it can be had, and nothing in development', () => {
    expect(ids(running)).not.toContain('launch-at-login');
    const item = trayMenuTemplate({ ...running, launchAtLogin: true }, actions()).find((i) => i.id === 'launch-at-login');
    expect(item).toMatchObject({ type: 'checkbox', checked: true, label: 'Start at Login' });
  });

  it('offers Restart to Update once an update is downloaded, and says when it waits for an action', () => {
    expect(ids(running)).not.toContain('update');
    const ready = trayMenuTemplate({ ...running, updateVersion: '0.2.0' }, actions()).find((i) => i.id === 'update');
    expect(ready).toMatchObject({ label: 'Restart to Update to 0.2.0' });
    expect(ready?.enabled).not.toBe(false);
    const waiting = trayMenuTemplate({ ...running, updateVersion: '0.2.0', updateWaiting: true }, actions()).find((i) => i.id === 'update');
    expect(waiting).toMatchObject({ enabled: false, label: expect.stringMatching(/waiting for an action to finish/) as string });
  });

  it('offers Restart Engine once the supervisor gave up, and says so', () => {
    const template = trayMenuTemplate({ ...running, engine: 'failed' }, actions());
    expect(template.map((i) => i.id)).toContain('restart-engine');
    expect(template[0]?.label).toMatch(/Engine stopped/);
  });

  it('the tooltip says when Steward is paused', () => {
    expect(trayTooltip({ ...running, paused: true })).toBe('Steward: Paused: Steward will not act');
  });
});

describe('SystemTray', () => {
  it('a left click toggles the popover with the icon bounds', () => {
    const { fake, handlers } = createTray('win32');
    fake.click({ x: 1700, y: 1044, width: 32, height: 32 });
    expect(handlers.togglePopover).toHaveBeenCalledWith({ x: 1700, y: 1044, width: 32, height: 32 });
  });

  it('Linux and Windows: the context menu is set on the icon and its items act', () => {
    const { fake, handlers } = createTray('linux');
    fake.choose('open');
    fake.choose('pause');
    fake.choose('settings');
    fake.choose('quit');
    expect(handlers.openPopover).toHaveBeenCalledOnce();
    expect(handlers.pause).toHaveBeenCalledOnce();
    expect(handlers.openSettings).toHaveBeenCalledOnce();
    expect(handlers.quit).toHaveBeenCalledOnce();
  });

  it('macOS: no context menu on the icon (it would swallow the left click); right click pops it up', () => {
    const { fake } = createTray('darwin');
    expect(fake.contextMenu).toBeNull();
    expect(fake.ignoreDoubleClick).toBe(true);
    fake.emit('right-click');
    expect((fake.poppedUp as FakeMenu).item('pause')).toBeDefined();
  });

  it('reflects pause: icon, tooltip and menu change, and Linux gets the new menu', () => {
    const { tray, fake, handlers } = createTray('linux');
    expect(fake.image).toBe(icons.active);
    tray.setState({ paused: true });
    expect(fake.image).toBe(icons.paused);
    expect(fake.tooltip).toMatch(/Paused/);
    fake.choose('resume');
    expect(handlers.resume).toHaveBeenCalledOnce();
  });

  it('Start at Login and Restart to Update act, the checkbox with its new value', () => {
    const { fake, handlers } = createTray('linux', { ...running, launchAtLogin: false, updateVersion: '0.2.0' });
    fake.choose('launch-at-login');
    expect(handlers.setLaunchAtLogin).toHaveBeenCalledWith(true);
    fake.choose('update');
    expect(handlers.restartToUpdate).toHaveBeenCalledOnce();
  });

  it('reports no bounds where the platform gives zeros (Linux)', () => {
    const { tray, fake } = createTray('linux');
    expect(tray.bounds()).toBeUndefined();
    fake.bounds = { x: 10, y: 0, width: 22, height: 22 };
    expect(tray.bounds()).toEqual({ x: 10, y: 0, width: 22, height: 22 });
  });
});

describe('loadTrayIcons', () => {
  it('macOS: template images; elsewhere: the coloured icons', () => {
    const mac = loadTrayIcons('/icons', 'darwin') as unknown as { active: FakeNativeImage; paused: FakeNativeImage };
    expect(mac.active.path).toBe('/icons/trayTemplate.png');
    expect(mac.paused.path).toBe('/icons/trayPausedTemplate.png');
    expect(mac.active.template && mac.paused.template).toBe(true);

    const linux = loadTrayIcons('/icons', 'linux') as unknown as { active: FakeNativeImage; paused: FakeNativeImage };
    expect(linux.active.path).toBe('/icons/tray.png');
    expect(linux.paused.path).toBe('/icons/tray-paused.png');
    expect(linux.active.template).toBe(false);
  });
});
