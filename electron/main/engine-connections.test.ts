import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiMethod } from '../../shared/api/contract.js';
import type { EngineEvent } from '../../shared/api/events.js';
import { serveEngineApi, type ServedConnection } from '../../shared/rpc/rpc.js';
import { IPC } from '../../shared/shell/protocol.js';
import { FakeBrowserWindow, FakeUtilityProcess, type FakeMessagePort } from './test-support/fake-electron.js';

vi.mock('electron', async () => await import('./test-support/fake-electron.js'));

const { EngineConnections, messagePortMainChannel } = await import('./engine-connections.js');

/** An engine stand-in that serves the real RPC on every port it is given. */
function fakeEngine(dispatch: (method: ApiMethod, input: unknown) => Promise<unknown>) {
  const engine = new FakeUtilityProcess('engine.js', [], {});
  const served: Array<{ client: string; connection: ServedConnection }> = [];
  const postMessage = engine.postMessage.bind(engine);
  engine.postMessage = (message, transfer = []) => {
    postMessage(message, transfer);
    const port = transfer[0] as FakeMessagePort;
    served.push({ client: (message as { client: string }).client, connection: serveEngineApi(messagePortMainChannel(port), dispatch) });
  };
  return { engine, served };
}

function windowsOf(...windows: FakeBrowserWindow[]) {
  return { all: () => windows };
}

const uiPorts = (window: FakeBrowserWindow) => window.webContents.posted.filter((p) => p.channel === IPC.enginePort);

beforeEach(() => {
  FakeBrowserWindow.instances.length = 0;
});

describe('EngineConnections', () => {
  it('connects the shell and every loaded window when the engine is ready', () => {
    const loaded = new FakeBrowserWindow();
    loaded.webContents.loading = false;
    const loading = new FakeBrowserWindow();
    const connections = new EngineConnections(windowsOf(loaded, loading), () => undefined);
    connections.track(loaded);
    connections.track(loading);
    const { engine, served } = fakeEngine(() => Promise.resolve(null));

    connections.attach(engine);
    expect(served.map((s) => s.client)).toEqual(['shell', 'ui']);
    expect(uiPorts(loaded)).toHaveLength(1);
    expect(uiPorts(loaded)[0]?.transfer).toHaveLength(1);
    expect(uiPorts(loading)).toHaveLength(0);

    // A window still loading gets its port when the page is there to receive it.
    loading.webContents.finishLoad();
    expect(uiPorts(loading)).toHaveLength(1);
    expect(served.map((s) => s.client)).toEqual(['shell', 'ui', 'ui']);
  });

  it('a reloaded page gets a fresh port; with the engine gone, nobody does', () => {
    const window = new FakeBrowserWindow();
    const connections = new EngineConnections(windowsOf(window), () => undefined);
    connections.track(window);
    connections.attach(fakeEngine(() => Promise.resolve(null)).engine);
    window.webContents.finishLoad();
    window.webContents.finishLoad();
    expect(uiPorts(window)).toHaveLength(2);

    connections.detach();
    expect(connections.api).toBeNull();
    window.webContents.finishLoad();
    expect(uiPorts(window)).toHaveLength(2);
  });

  it('the shell client calls the engine API and receives its events over the port', async () => {
    const events: EngineEvent[] = [];
    const connections = new EngineConnections(windowsOf(), (event) => events.push(event));
    const dispatch = vi.fn((method: ApiMethod) => Promise.resolve(method === 'pause' ? { paused: true } : null));
    const { engine, served } = fakeEngine(dispatch);
    connections.attach(engine);

    await expect(connections.api?.pause({ reason: 'test' })).resolves.toEqual({ paused: true });
    expect(dispatch).toHaveBeenCalledWith('pause', { reason: 'test' });

    served[0]?.connection.sendEvent({ type: 'status.changed' });
    await vi.waitFor(() => expect(events).toEqual([{ type: 'status.changed' }]));
  });

  it('detach fails pending calls at once instead of at the RPC timeout', async () => {
    const connections = new EngineConnections(windowsOf(), () => undefined);
    connections.attach(fakeEngine(() => new Promise(() => undefined)).engine);
    const pending = connections.api?.getStatus();
    connections.detach();
    await expect(pending).rejects.toThrow(/closed/);
  });
});
