/**
 * The shell as a whole, against the fake Electron: startup order, the engine contract, ports
 * to windows, notifications, IPC, the kill switch end to end, and quitting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { ApiMethod } from '../../shared/api/contract.js';
import type { EngineStatus } from '../../shared/domain/types.js';
import { AGENT_STATUS_UNKNOWN } from '../../shared/domain/agent.js';
import { serveEngineApi, type ServedConnection } from '../../shared/rpc/rpc.js';
import { IPC } from '../../shared/shell/protocol.js';
import { messagePortMainChannel } from './engine-connections.js';
import {
  app,
  FakeBrowserWindow,
  FakeNotification,
  FakeTray,
  FakeUtilityProcess,
  globalShortcut,
  ipcMain,
  protocol,
  session,
  utilityProcess,
  type FakeMessagePort,
} from './test-support/fake-electron.js';

vi.mock('electron', async () => await import('./test-support/fake-electron.js'));

vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

const dataDir = mkdtempSync(join(tmpdir(), 'steward-shell-'));
app.setPath('logs', join(dataDir, 'logs'));
process.env.STEWARD_DATA_DIR = dataDir;
afterAll(() => {
  // Forked test workers are reused across files: leave no trace in the environment.
  delete process.env.STEWARD_DATA_DIR;
  vi.useRealTimers();
  rmSync(dataDir, { recursive: true, force: true });
});

function status(paused: boolean): EngineStatus {
  return { paused, pausedAt: null, pausedBy: null, pausedReason: null, accounts: [], pendingSuggestions: 0, lastSyncAt: null, version: '0.1.0', mode: 'desktop', presence: 'active', agent: AGENT_STATUS_UNKNOWN };
}

/** Makes a fake engine process answer the real RPC on the ports the shell sends it. */
function serveOn(engine: FakeUtilityProcess, dispatch: (method: ApiMethod, input: unknown) => Promise<unknown>) {
  const served: Array<{ client: string; connection: ServedConnection }> = [];
  const record = engine.postMessage.bind(engine);
  engine.postMessage = (message, transfer = []) => {
    record(message, transfer);
    const port = transfer[0] as FakeMessagePort | undefined;
    if (port) served.push({ client: (message as { client: string }).client, connection: serveEngineApi(messagePortMainChannel(port), dispatch) });
  };
  return served;
}

function ipcFrom(webContentsId: number, url = 'app://steward/index.html') {
  return { sender: { id: webContentsId }, senderFrame: { url, parent: null } };
}

const engines = (): FakeUtilityProcess[] => FakeUtilityProcess.instances;
const lastEngine = (): FakeUtilityProcess => engines().at(-1) as FakeUtilityProcess;

// Importing the entry runs what the shell does before 'ready'. Vitest clears mock calls
// before each test, so what happened at import is noted here.
await import('./index.js');
const beforeReady = {
  schemeRegistrations: protocol.registerSchemesAsPrivileged.mock.calls.length,
  lockRequests: app.requestSingleInstanceLock.mock.calls.length,
  forks: utilityProcess.fork.mock.calls.length,
};

describe('the shell', () => {
  let paused = false;
  let answerPause = true;
  const dispatch = (method: ApiMethod): Promise<unknown> => {
    if (method === 'pause') {
      if (!answerPause) return new Promise(() => undefined);
      paused = true;
      return Promise.resolve(status(true));
    }
    if (method === 'resume') {
      paused = false;
      return Promise.resolve(status(false));
    }
    if (method === 'getStatus') return Promise.resolve(status(paused));
    return Promise.resolve(null);
  };
  let served: ReturnType<typeof serveOn> = [];
  let popover: FakeBrowserWindow;
  let tray: FakeTray;

  it('before ready: takes the data folder from the environment, registers app:// and the single-instance lock', () => {
    expect(app.getPath('userData')).toBe(dataDir);
    expect(beforeReady).toEqual({ schemeRegistrations: 1, lockRequests: 1, forks: 0 });
  });

  it('on ready: serves app://, locks the session down, pre-creates the popover hidden, and forks the engine', async () => {
    app.becomeReady();
    await vi.waitFor(() => expect(utilityProcess.fork).toHaveBeenCalledOnce());

    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    popover = FakeBrowserWindow.instances[0] as FakeBrowserWindow;
    expect(popover.webContents.getURL()).toBe('app://steward/index.html');
    expect(popover.isVisible()).toBe(false);
    expect(popover.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    tray = FakeTray.instances[0] as FakeTray;
    expect(tray.tooltip).toMatch(/Starting/);

    const [modulePath, args, options] = utilityProcess.fork.mock.calls[0] as [string, string[], unknown];
    expect(modulePath).toBe(join(import.meta.dirname, 'engine.js'));
    expect(args).toEqual(['--data-dir', dataDir, '--mode', 'desktop']);
    expect(options).toEqual({ serviceName: 'Steward Engine', stdio: 'pipe' });
    expect(globalShortcut.handlers.has('CommandOrControl+Alt+Shift+P')).toBe(true);
  });

  it('when the engine is ready: the shell gets a client, the popover gets its port once its page has loaded', async () => {
    served = serveOn(lastEngine(), dispatch);
    lastEngine().send({ type: 'ready', apiUrl: 'http://127.0.0.1:4100' });
    expect(served.map((s) => s.client)).toEqual(['shell']);

    popover.webContents.finishLoad();
    expect(served.map((s) => s.client)).toEqual(['shell', 'ui']);
    expect(popover.webContents.posted.filter((p) => p.channel === IPC.enginePort)).toHaveLength(1);
    await vi.waitFor(() => expect(tray.tooltip).toMatch(/Watching/));
  });

  it('a new suggestion notifies; clicking the notification opens the popover', async () => {
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
    expect(popover.isVisible()).toBe(true);
  });

  it('IPC from our page opens settings (one window, with its own port); from anyone else, nothing', () => {
    ipcMain.emit(IPC.openSettings, ipcFrom(999));
    ipcMain.emit(IPC.openSettings, ipcFrom(popover.webContents.id, 'https://evil.example/'));
    expect(FakeBrowserWindow.instances).toHaveLength(1);

    ipcMain.emit(IPC.openSettings, ipcFrom(popover.webContents.id));
    ipcMain.emit(IPC.openSettings, ipcFrom(popover.webContents.id));
    expect(FakeBrowserWindow.instances).toHaveLength(2);
    const settings = FakeBrowserWindow.instances[1] as FakeBrowserWindow;
    expect(settings.webContents.getURL()).toBe('app://steward/settings.html');
    expect(popover.isVisible()).toBe(false);

    settings.webContents.finishLoad();
    expect(settings.webContents.posted.filter((p) => p.channel === IPC.enginePort)).toHaveLength(1);
  });

  it('the tray click toggles the popover', () => {
    tray.click({ x: 1500, y: 0, width: 24, height: 24 });
    expect(popover.isVisible()).toBe(true);
    tray.click({ x: 1500, y: 0, width: 24, height: 24 });
    expect(popover.isVisible()).toBe(false);
  });

  it('the kill switch shortcut pauses an engine that answers, and the tray says so', async () => {
    globalShortcut.press('CommandOrControl+Alt+Shift+P');
    await vi.waitFor(() => expect(tray.tooltip).toMatch(/Paused/));
    expect(engines()).toHaveLength(1);
    tray.choose('resume');
    await vi.waitFor(() => expect(tray.tooltip).toMatch(/Watching/));
  });

  it('the popover’s pause switch goes through the same kill switch (only from our own page)', async () => {
    ipcMain.emit(IPC.pause, ipcFrom(popover.webContents.id, 'https://evil.example/'));
    await vi.advanceTimersByTimeAsync(10);
    expect(tray.tooltip).toMatch(/Watching/);
    ipcMain.emit(IPC.pause, ipcFrom(popover.webContents.id));
    await vi.waitFor(() => expect(tray.tooltip).toMatch(/Paused/));
    tray.choose('resume');
    await vi.waitFor(() => expect(tray.tooltip).toMatch(/Watching/));
  });

  it('the kill switch hard-stops an engine that does not answer in 500 ms and restarts it paused', async () => {
    paused = false;
    answerPause = false;
    const stuck = lastEngine();
    tray.choose('pause');
    await vi.advanceTimersByTimeAsync(499);
    expect(stuck.killed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);

    expect(stuck.killed).toBe(true);
    expect(engines()).toHaveLength(2);
    expect(lastEngine().args).toContain('--start-paused');
    expect(tray.tooltip).toMatch(/Paused/);

    // The new engine's ports replace the dead ones.
    answerPause = true;
    paused = true;
    const before = popover.webContents.posted.length;
    serveOn(lastEngine(), dispatch);
    lastEngine().send({ type: 'ready', apiUrl: 'http://127.0.0.1:4101' });
    expect(popover.webContents.posted.length).toBe(before + 1);
  });

  it('quitting stops the engine first, then lets the app go', async () => {
    const engine = lastEngine();
    app.quit();
    await vi.waitFor(() => expect(tray.destroyed).toBe(true));
    expect(engine.killed).toBe(true);
    expect(globalShortcut.unregisterAll).toHaveBeenCalled();
    expect(popover.isDestroyed()).toBe(false);
    popover.close();
    expect(popover.isDestroyed()).toBe(true);
    expect(engines()).toHaveLength(2);
  });
});
