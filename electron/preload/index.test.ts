import type { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ENGINE_PORT_MESSAGE, IPC, type ShellBridge } from '../../shared/shell/protocol.js';

const fakes = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  return {
    exposed,
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
    ipcRenderer: null as unknown as EventEmitter & { send: ReturnType<typeof vi.fn> },
  };
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  fakes.ipcRenderer = Object.assign(new Emitter(), { send: vi.fn() });
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
  it('exposes exactly window.stewardShell, with the platform and the three shell requests', () => {
    expect([...fakes.exposed.keys()]).toEqual(['stewardShell']);
    const bridge = fakes.exposed.get('stewardShell') as ShellBridge;
    expect(Object.keys(bridge).sort()).toEqual(['hidePopover', 'openSettings', 'pause', 'platform', 'quit']);
    expect(bridge.platform).toBe(process.platform);

    bridge.openSettings();
    bridge.hidePopover();
    bridge.quit();
    bridge.pause();
    expect(fakes.ipcRenderer.send.mock.calls).toEqual([[IPC.openSettings], [IPC.hidePopover], [IPC.quit], [IPC.pause]]);
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
