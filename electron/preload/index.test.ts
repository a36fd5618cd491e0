import type { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ENGINE_PORT_MESSAGE, IPC, SHELL_BRIDGE_KEYS, type ShellBridge, type ShellEvent, type ShellState } from '../../shared/shell/protocol.js';

const fakes = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  return {
    exposed,
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
    ipcRenderer: null as unknown as EventEmitter & { send: ReturnType<typeof vi.fn>; invoke: ReturnType<typeof vi.fn> },
  };
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  fakes.ipcRenderer = Object.assign(new Emitter(), { send: vi.fn(), invoke: vi.fn() });
  return { contextBridge: fakes.contextBridge, ipcRenderer: fakes.ipcRenderer };
});

// The page the preload runs in, reduced to what it touches.
const page = {
  readyState: 'loading' as DocumentReadyState,
  loadListeners: [] as Array<() => void>,
  posted: [] as Array<{ message: unknown; targetOrigin: string; transfer: unknown[] }>,
};
vi.stubGlobal('document', {
  get readyState() {
    return page.readyState;
  },
});
vi.stubGlobal('window', {
  addEventListener: (type: string, listener: () => void) => {
    if (type === 'load') page.loadListeners.push(listener);
  },
  postMessage: (message: unknown, targetOrigin: string, transfer: unknown[]) => page.posted.push({ message, targetOrigin, transfer }),
});

beforeAll(async () => {
  await import('./index.js');
});

describe('preload', () => {
  it('exposes exactly window.stewardShell: the platform, the shell requests and the shell’s events', () => {
    expect([...fakes.exposed.keys()]).toEqual(['stewardShell']);
    const bridge = fakes.exposed.get('stewardShell') as ShellBridge;
    expect(Object.keys(bridge).sort()).toEqual([...SHELL_BRIDGE_KEYS]);
    expect(bridge.platform).toBe(process.platform);

    bridge.openSettings();
    bridge.openSettings('ledger');
    bridge.openSettings('../../etc' as never);
    bridge.hidePopover();
    bridge.quit();
    bridge.pause();
    bridge.setLaunchAtLogin(true);
    bridge.setLaunchAtLogin('yes' as never);
    expect(fakes.ipcRenderer.send.mock.calls).toEqual([
      [IPC.openSettings, undefined],
      [IPC.openSettings, 'ledger'],
      [IPC.openSettings, undefined],
      [IPC.hidePopover],
      [IPC.quit],
      [IPC.pause],
      [IPC.setLaunchAtLogin, true],
      [IPC.setLaunchAtLogin, false],
    ]);
  });

  it('asks the shell for a folder and hands the page only a path or null', async () => {
    const bridge = fakes.exposed.get('stewardShell') as ShellBridge;
    fakes.ipcRenderer.invoke.mockResolvedValueOnce('/home/a/Projects').mockResolvedValueOnce(null).mockResolvedValueOnce({ path: '/etc' }).mockResolvedValueOnce('');
    expect(await bridge.chooseFolder()).toBe('/home/a/Projects');
    expect(await bridge.chooseFolder()).toBeNull();
    expect(await bridge.chooseFolder()).toBeNull();
    expect(await bridge.chooseFolder()).toBeNull();
    expect(fakes.ipcRenderer.invoke.mock.calls).toEqual(Array.from({ length: 4 }, () => [IPC.chooseFolder]));
  });

  it('passes the shell’s events on, replays the latest state to a new listener, and drops what is not an event', () => {
    const bridge = fakes.exposed.get('stewardShell') as ShellBridge;
    const state: ShellState = {
      engine: { kind: 'restarting' },
      surface: 'window',
      trayAdvice: 'Install the extension',
      pauseShortcut: null,
      launchAtLogin: { available: true, enabled: true },
    };
    // A notification clicked before the page listened: kept for the first listener.
    fakes.ipcRenderer.emit(IPC.shellEvent, {}, { type: 'show-suggestion', suggestionId: 's1' });
    fakes.ipcRenderer.emit(IPC.shellEvent, {}, { type: 'state', state });
    fakes.ipcRenderer.emit(IPC.shellEvent, {}, { type: 'state' });
    fakes.ipcRenderer.emit(IPC.shellEvent, {}, 'junk');

    const first: ShellEvent[] = [];
    const unsubscribe = bridge.onShellEvent((event) => first.push(event));
    expect(first).toEqual([
      { type: 'state', state },
      { type: 'show-suggestion', suggestionId: 's1' },
    ]);

    const second: ShellEvent[] = [];
    bridge.onShellEvent((event) => second.push(event));
    expect(second).toEqual([{ type: 'state', state }]);

    fakes.ipcRenderer.emit(IPC.shellEvent, {}, { type: 'show-suggestion', suggestionId: 's2' });
    expect(first.at(-1)).toEqual({ type: 'show-suggestion', suggestionId: 's2' });
    unsubscribe();
    fakes.ipcRenderer.emit(IPC.shellEvent, {}, { type: 'show-suggestion', suggestionId: 's3' });
    expect(first.at(-1)).toEqual({ type: 'show-suggestion', suggestionId: 's2' });
    expect(second.at(-1)).toEqual({ type: 'show-suggestion', suggestionId: 's3' });
  });

  it('hands the engine port to the page, waiting for the page to have loaded', async () => {
    const port = { name: 'engine port' };
    fakes.ipcRenderer.emit(IPC.enginePort, { ports: [port] });
    await Promise.resolve();
    expect(page.posted).toHaveLength(0);

    page.readyState = 'complete';
    for (const listener of page.loadListeners) listener();
    await vi.waitFor(() => expect(page.posted).toEqual([{ message: { type: ENGINE_PORT_MESSAGE }, targetOrigin: '*', transfer: [port] }]));

    // Once loaded, a new port (engine restarted) goes straight through.
    const next = { name: 'next port' };
    fakes.ipcRenderer.emit(IPC.enginePort, { ports: [next] });
    await vi.waitFor(() => expect(page.posted.at(-1)?.transfer).toEqual([next]));
  });

  it('ignores an engine-port message without a port', async () => {
    const before = page.posted.length;
    fakes.ipcRenderer.emit(IPC.enginePort, { ports: [] });
    await Promise.resolve();
    expect(page.posted).toHaveLength(before);
  });
});
