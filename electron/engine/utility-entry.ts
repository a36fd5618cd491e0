/**
 * The engine's entry when the desktop app runs it as an Electron utilityProcess. It is plain
 * Node: Electron only gives it `process.parentPort`, on which the shell hands over one
 * MessagePort per client (each window, and the shell itself). The same API is also served on
 * loopback so that `steward` commands and a browser reach the desktop app's engine.
 */
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ENGINE_ARGS, type EngineToShellMessage, type ShellToEngineMessage } from '@shared/shell/protocol.js';
import { serveEngineApi } from '@shared/rpc/rpc.js';
import { startHost } from '../host/run-host.js';
import { defaultDataDir } from './paths.js';

/** Electron's MessagePortMain and parentPort, described by shape so the engine needs no electron types. */
interface PortMain {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  on(event: 'close', listener: () => void): void;
  start(): void;
  close(): void;
}
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown; ports: PortMain[] }) => void): void;
  postMessage(message: EngineToShellMessage): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) {
  console.error('This is the engine entry for the desktop app. To run Steward without Electron use `steward host`.');
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    [ENGINE_ARGS.dataDir.slice(2)]: { type: 'string' },
    [ENGINE_ARGS.mode.slice(2)]: { type: 'string' },
    [ENGINE_ARGS.startPaused.slice(2)]: { type: 'boolean' },
  },
  strict: false,
});
const dataDir = resolve(String(values['data-dir'] ?? defaultDataDir()));

try {
  const host = await startHost({
    dataDir,
    mode: 'desktop',
    staticDir: resolve(dirname(fileURLToPath(import.meta.url)), '../renderer'),
    startPaused: values['start-paused'] ? 'the previous engine did not stop in time and was stopped by force' : null,
  });

  parentPort.on('message', ({ data, ports }) => {
    const message = data as ShellToEngineMessage;
    const port = ports[0];
    if (message.type !== 'client-port' || !port) return;
    const served = serveEngineApi(
      { post: (value) => port.postMessage(value), on: (listener) => port.on('message', (event) => listener(event.data)) },
      host.engine.dispatchFor(message.client),
    );
    const unsubscribe = host.engine.events.subscribe((event) => served.sendEvent(event));
    port.on('close', () => {
      unsubscribe();
      served.close();
    });
    port.start();
  });

  const stop = () => void host.stop().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  parentPort.postMessage({ type: 'ready', apiUrl: host.server.url });
} catch (error) {
  parentPort.postMessage({ type: 'fatal', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
