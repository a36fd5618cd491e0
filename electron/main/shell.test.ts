/**
 * The shell as a whole, against the fake Electron: the engine contract, ports and shell events
 * to windows, notifications, IPC, the kill switch end to end, presence, start at login,
 * updates, and quitting. Per-OS differences are the table in desktop-matrix.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Suggestion } from '../../shared/domain/types.js';
import { IPC } from '../../shared/shell/protocol.js';
import {
  app,
  dialog,
  FakeBrowserWindow,
  FakeNotification,
  FakeUtilityProcess,
  globalShortcut,
  ipcMain,
  powerMonitor,
  protocol,
  session,
  utilityProcess,
} from './test-support/fake-electron.js';
import { ipcFrom, lastShellState, shellEventsOf, startTestShell, type TestShell } from './test-support/shell-harness.js';

vi.mock('electron', async () => await import('./test-support/fake-electron.js'));

vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
afterAll(() => {
  vi.useRealTimers();
});

const engines = (): FakeUtilityProcess[] => FakeUtilityProcess.instances;

describe('the shell, on a desktop with a tray (KDE, X11)', () => {
  let t: TestShell;
  let served: ReturnType<TestShell['engineReady']> = [];
  // Vitest clears mock calls before each test: what startup did is noted here.
  let startup: { readonly appScheme: unknown[][]; readonly permissionHandlers: number; readonly forks: unknown[][] };

  beforeAll(async () => {
    t = await startTestShell({ platform: 'linux', trayHost: 'present', session: 'x11' });
    startup = {
      appScheme: protocol.handle.mock.calls.map((call) => [...call]),
      permissionHandlers: session.defaultSession.setPermissionRequestHandler.mock.calls.length,
      forks: utilityProcess.fork.mock.calls.map((call) => [...call]),
    };
  });
  afterAll(() => t.stop());

  it('on ready: serves app://, locks the session down, pre-creates the popover, and forks the engine', () => {
    expect(startup.appScheme).toEqual([['app', expect.any(Function)]]);
    expect(startup.permissionHandlers).toBe(1);
    expect(t.popover.webContents.getURL()).toBe('app://steward/index.html');
    expect(t.popover.options).toMatchObject({ frame: false, skipTaskbar: true });
    expect(t.popover.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(t.tray.tooltip).toMatch(/Starting/);

    const [modulePath, args, options] = startup.forks[0] as [string, string[], unknown];
    expect(modulePath).toBe('/app/out/main/engine.js');
    expect(args).toEqual(['--data-dir', t.dataDir, '--mode', 'desktop']);
    expect(options).toMatchObject({ serviceName: 'Steward Engine', stdio: 'pipe', env: { MALLOC_ARENA_MAX: '2' } });
    expect(globalShortcut.handlers.has('CommandOrControl+Alt+Shift+P')).toBe(true);
  });

  it('tells a page that loads the shell state: engine starting, popover surface, the confirmed shortcut', () => {
    t.popover.webContents.finishLoad();
    expect(lastShellState(t.popover.webContents)).toEqual({
      engine: { kind: 'starting' },
      surface: 'popover',
      trayAdvice: null,
      pauseShortcut: 'CommandOrControl+Alt+Shift+P',
      // A development build never registers itself at login.
      launchAtLogin: { available: false, enabled: false },
    });
  });

  it('when the engine is ready: the shell and the loaded popover get clients, the page hears "running"', async () => {
    served = t.engineReady();
    expect(served.map((s) => s.client)).toEqual(['shell', 'ui']);
    expect(t.popover.webContents.posted.filter((p) => p.channel === IPC.enginePort)).toHaveLength(1);
    expect(lastShellState(t.popover.webContents)?.engine).toEqual({ kind: 'running' });
    await vi.waitFor(() => expect(t.tray.tooltip).toMatch(/Watching/));
  });

  it('a new suggestion notifies; clicking it shows the popover and asks it to show that suggestion', async () => {
    served[0]?.connection.sendEvent({
      type: 'suggestion.created',
      suggestion: { id: 's0', title: 'Archive 2 newsletters', why: 'Bulk mail', urgency: 'low', interrupt: false },
    });
    served[0]?.connection.sendEvent({
      type: 'suggestion.created',
      suggestion: { id: 's1', title: 'Archive 4 newsletters', why: 'You never open them', urgency: 'low', interrupt: true },
    });
    await vi.waitFor(() => expect(FakeNotification.instances).toHaveLength(1));
    expect(FakeNotification.instances[0]?.options).toMatchObject({ title: 'Archive 4 newsletters', body: 'You never open them' });
    FakeNotification.instances[0]?.click();
    expect(t.popover.isVisible()).toBe(true);
    expect(shellEventsOf(t.popover.webContents).at(-1)).toEqual({ type: 'show-suggestion', suggestionId: 's1' });
    t.popover.hide();
  });

  it('IPC from our page opens settings (one window, with its own port, on the page asked); from anyone else, nothing', () => {
    ipcMain.emit(IPC.openSettings, ipcFrom(999));
    ipcMain.emit(IPC.openSettings, ipcFrom(t.popover.webContents.id, 'https://evil.example/'));
    expect(FakeBrowserWindow.instances).toHaveLength(1);

    ipcMain.emit(IPC.openSettings, ipcFrom(t.popover.webContents.id), 'ledger');
    ipcMain.emit(IPC.openSettings, ipcFrom(t.popover.webContents.id), '../../etc/passwd');
    expect(FakeBrowserWindow.instances).toHaveLength(2);
    const settings = FakeBrowserWindow.instances[1] as FakeBrowserWindow;
    expect(settings.webContents.getURL()).toBe('app://steward/settings.html?page=ledger');
    expect(t.popover.isVisible()).toBe(false);

    settings.webContents.finishLoad();
    expect(settings.webContents.posted.filter((p) => p.channel === IPC.enginePort)).toHaveLength(1);
    expect(lastShellState(settings.webContents)?.engine).toEqual({ kind: 'running' });
    settings.close();
  });

  it('the folder picker opens over Settings, lets a folder be made, and answers its page with the path or null', async () => {
    ipcMain.emit(IPC.openSettings, ipcFrom(t.popover.webContents.id), 'folders');
    const settings = FakeBrowserWindow.instances.at(-1) as FakeBrowserWindow;
    dialog.showOpenDialog.mockClear();
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/home/a/Projects'] });
    await expect(ipcMain.invoke(IPC.chooseFolder, ipcFrom(settings.webContents.id))).resolves.toBe('/home/a/Projects');
    expect(dialog.showOpenDialog).toHaveBeenCalledTimes(1);
    const [parent, options] = dialog.showOpenDialog.mock.calls[0] ?? [];
    expect(parent).toBe(settings);
    expect(options?.properties).toEqual(['openDirectory', 'createDirectory']);

    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    await expect(ipcMain.invoke(IPC.chooseFolder, ipcFrom(settings.webContents.id))).resolves.toBeNull();
    // A page that is not ours gets no picker at all.
    await expect(ipcMain.invoke(IPC.chooseFolder, ipcFrom(settings.webContents.id, 'https://evil.example/'))).rejects.toThrow(/only from its own windows/);
    expect(dialog.showOpenDialog).toHaveBeenCalledTimes(2);
    settings.close();
  });

  it('the tray click toggles the popover', () => {
    t.tray.click({ x: 1500, y: 0, width: 24, height: 24 });
    expect(t.popover.isVisible()).toBe(true);
    t.tray.click({ x: 1500, y: 0, width: 24, height: 24 });
    expect(t.popover.isVisible()).toBe(false);
  });

  it('forwards sleep, wake, lock, unlock and idle to the engine through the shell’s own client', async () => {
    powerMonitor.emit('lock-screen');
    powerMonitor.emit('unlock-screen');
    powerMonitor.emit('suspend');
    powerMonitor.emit('resume');
    await vi.waitFor(() => expect(t.standIn.presence).toEqual(['locked', 'unlocked', 'suspended', 'resumed']));
    powerMonitor.idleState = 'idle';
    await vi.advanceTimersByTimeAsync(30_000);
    await vi.waitFor(() => expect(t.standIn.presence.at(-1)).toBe('idle'));
    expect(powerMonitor.thresholds.at(-1)).toBe(300);
    powerMonitor.idleState = 'active';
    await vi.advanceTimersByTimeAsync(30_000);
    await vi.waitFor(() => expect(t.standIn.presence.at(-1)).toBe('active'));
  });

  it('the kill switch shortcut pauses an engine that answers, and the tray says so', async () => {
    globalShortcut.press('CommandOrControl+Alt+Shift+P');
    await vi.waitFor(() => expect(t.tray.tooltip).toMatch(/Paused/));
    expect(engines()).toHaveLength(1);
    t.tray.choose('resume');
    await vi.waitFor(() => expect(t.tray.tooltip).toMatch(/Watching/));
  });

  it('the popover’s pause switch goes through the same kill switch (only from our own page)', async () => {
    ipcMain.emit(IPC.pause, ipcFrom(t.popover.webContents.id, 'https://evil.example/'));
    await vi.advanceTimersByTimeAsync(10);
    expect(t.tray.tooltip).toMatch(/Watching/);
    ipcMain.emit(IPC.pause, ipcFrom(t.popover.webContents.id));
    await vi.waitFor(() => expect(t.tray.tooltip).toMatch(/Paused/));
    t.tray.choose('resume');
    await vi.waitFor(() => expect(t.tray.tooltip).toMatch(/Watching/));
  });

  it('the kill switch hard-stops an engine that does not answer in 500 ms, tells the page, and restarts it paused', async () => {
    t.standIn.answerPause = false;
    const stuck = t.engine();
    t.tray.choose('pause');
    await vi.advanceTimersByTimeAsync(499);
    expect(stuck.killed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);

    expect(stuck.killed).toBe(true);
    expect(engines()).toHaveLength(2);
    expect(t.engine().args).toContain('--start-paused');
    expect(t.tray.tooltip).toMatch(/Paused/);
    // The page is told at once, rather than waiting on a port that may never say 'close'.
    expect(lastShellState(t.popover.webContents)?.engine).toEqual({ kind: 'restarting' });

    // The new engine's ports replace the dead ones.
    t.standIn.answerPause = true;
    t.standIn.paused = true;
    const before = t.popover.webContents.posted.length;
    t.engineReady();
    expect(t.popover.webContents.posted.length).toBe(before + 1);
    expect(lastShellState(t.popover.webContents)?.engine).toEqual({ kind: 'running' });
  });

  it('a new engine hears the presence again (it starts believing the user is active)', async () => {
    powerMonitor.emit('lock-screen');
    await vi.waitFor(() => expect(t.standIn.presence.at(-1)).toBe('locked'));
    const count = t.standIn.presence.length;
    t.engine().exit(1);
    await vi.advanceTimersByTimeAsync(1000);
    t.engineReady();
    await vi.waitFor(() => expect(t.standIn.presence.length).toBe(count + 1));
    expect(t.standIn.presence.at(-1)).toBe('locked');
    powerMonitor.emit('unlock-screen');
  });

  it('quitting asks the engine to shut down over its port (no kill), then lets the app go', async () => {
    const engine = t.engine();
    app.quit();
    expect(engine.messages('shutdown')).toHaveLength(1);
    await vi.waitFor(() => expect(t.tray.destroyed).toBe(true));
    expect(engine.killed).toBe(false);
    expect(globalShortcut.unregisterAll).toHaveBeenCalled();
    expect(t.popover.isDestroyed()).toBe(false);
    t.popover.close();
    expect(t.popover.isDestroyed()).toBe(true);
  });
});

describe('the shell and what a dead engine leaves behind', () => {
  let t: TestShell;
  afterEach(() => t.stop());

  it('removes host.json that still names the engine that exited, before the next one starts', async () => {
    t = await startTestShell({ platform: 'win32' });
    const dead = t.engine();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(t.dataDir, 'host.json'), JSON.stringify({ pid: dead.pid, url: 'http://127.0.0.1:1' }));
    t.engineReady();
    // TerminateProcess: the engine's own cleanup never ran.
    dead.exit(1);
    expect(existsSync(join(t.dataDir, 'host.json'))).toBe(false);
  });
});

describe('start at login', () => {
  let t: TestShell;
  afterEach(() => t.stop());

  it('turns itself on once the first account exists, and never again after the user turned it off', async () => {
    t = await startTestShell({ platform: 'linux', trayHost: 'present', isPackaged: true });
    const autostart = join(t.dataDir, 'config', 'autostart', 'app.steward.Steward.desktop');
    const served = t.engineReady();
    await vi.waitFor(() => expect(t.tray.menuItem('launch-at-login')?.checked).toBe(false));
    expect(existsSync(autostart)).toBe(false);

    t.standIn.accounts = [{ id: 'a1', email: 'alice@example.test', connection: { state: 'connected' } as never }];
    served[0]?.connection.sendEvent({ type: 'accounts.changed' });
    await vi.waitFor(() => expect(existsSync(autostart)).toBe(true));
    expect(readFileSync(autostart, 'utf8')).toContain('Exec=/opt/Steward/steward --autostart');
    expect(t.tray.menuItem('launch-at-login')?.checked).toBe(true);

    t.tray.choose('launch-at-login');
    expect(existsSync(autostart)).toBe(false);
    served[0]?.connection.sendEvent({ type: 'accounts.changed' });
    await vi.advanceTimersByTimeAsync(10);
    expect(existsSync(autostart)).toBe(false);
    expect(JSON.parse(readFileSync(join(t.dataDir, 'shell-settings.json'), 'utf8'))).toEqual({ launchAtLoginDecided: true });
  });

  it('the popover’s switch (IPC) changes it too, and every page hears the new state', async () => {
    t = await startTestShell({ platform: 'win32', isPackaged: true });
    t.popover.webContents.finishLoad();
    ipcMain.emit(IPC.setLaunchAtLogin, ipcFrom(t.popover.webContents.id), true);
    expect(app.loginItem).toMatchObject({ openAtLogin: true, args: ['--autostart'] });
    expect(lastShellState(t.popover.webContents)?.launchAtLogin).toEqual({ available: true, enabled: true });
    ipcMain.emit(IPC.setLaunchAtLogin, ipcFrom(t.popover.webContents.id), 'yes please');
    expect(app.loginItem.openAtLogin).toBe(true);
  });
});

describe('updates', () => {
  let t: TestShell;
  afterEach(() => t.stop());

  function fakeUpdater() {
    const listeners = new Map<string, (payload: unknown) => void>();
    return {
      autoDownload: false,
      autoInstallOnAppQuit: true,
      checkForUpdates: vi.fn(() => Promise.resolve(null)),
      quitAndInstall: vi.fn(),
      on: vi.fn((event: string, listener: (payload: unknown) => void) => {
        listeners.set(event, listener);
        return undefined as never;
      }),
      emit: (event: string, payload: unknown) => listeners.get(event)?.(payload),
    };
  }

  const running: Suggestion = {
    id: 's1',
    kind: 'archive-newsletters',
    accountId: 'a1',
    title: 'Archive 4 newsletters',
    why: 'Bulk mail',
    urgency: 'low',
    status: 'running',
    revision: 1,
    flags: [],
    sources: [],
    actions: [],
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  } as unknown as Suggestion;

  it('never installs by itself; Restart to Update waits for a running action, then installs after the engine shut down', async () => {
    const updater = fakeUpdater();
    t = await startTestShell({ platform: 'win32', isPackaged: true, updater: updater as never });
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(updater.checkForUpdates).toHaveBeenCalledOnce();
    t.engineReady();
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(t.tray.menuItem('update')?.label).toBe('Restart to Update to 0.2.0');

    t.standIn.suggestions = [running];
    t.tray.choose('update');
    await vi.waitFor(() => expect(t.tray.menuItem('update')?.enabled).toBe(false));
    expect(app.quit).not.toHaveBeenCalled();

    t.standIn.suggestions = [];
    const engine = t.engine();
    await vi.advanceTimersByTimeAsync(15_000);
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    expect(engine.messages('shutdown')).toHaveLength(1);
    await vi.waitFor(() => expect(updater.quitAndInstall).toHaveBeenCalledWith(true, true));
    expect(engine.exited).toBe(true);
  });

  it('an update downloaded earlier installs when the user quits, once the engine is gone', async () => {
    const updater = fakeUpdater();
    t = await startTestShell({ platform: 'darwin', isPackaged: true, updater: updater as never });
    t.engineReady();
    updater.emit('update-downloaded', { version: '0.2.0' });
    app.quit();
    await vi.waitFor(() => expect(updater.quitAndInstall).toHaveBeenCalledWith(true, false));
    expect(t.engine().exited).toBe(true);
  });

  it('an engine that would not stop in time is never installed over', async () => {
    const updater = fakeUpdater();
    t = await startTestShell({ platform: 'linux', trayHost: 'present', isPackaged: true, updater: updater as never });
    t.engineReady();
    updater.emit('update-downloaded', { version: '0.2.0' });
    const wedged = t.engine();
    wedged.exitsOnShutdown = false;
    wedged.diesOnKill = false;
    app.quit();
    await vi.advanceTimersByTimeAsync(12_000);
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
  });
});
