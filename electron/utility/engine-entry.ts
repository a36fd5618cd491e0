/**
 * The engine's launcher when the desktop app runs it as an Electron utilityProcess. It lives
 * here, beside the other launchers (electron/host for `steward host`, electron/cli), and not in
 * electron/engine: the engine is a library that never knows who started it.
 *
 * It is plain Node: Electron only gives it `process.parentPort`, on which the shell hands over
 * one MessagePort per client (each window, and the shell itself) and asks it to shut down. The
 * same API is also served on loopback so that `steward` commands and a browser reach the
 * desktop app's engine.
 *
 * Lifecycle:
 * - started: posts `ready` once the API is served;
 * - cannot start: writes the reason and its stack to stderr (the shell's engine.log), posts
 *   `fatal` with the reason, and only then exits 1, so the shell can show why;
 * - `shutdown` from the shell (or SIGTERM/SIGINT where signals exist): stops the host (the
 *   scheduler, a step in flight, IMAP, the database, host.json, the lock) and exits 0.
 */
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ENGINE_ARGS, type EngineToShellMessage, type ShellToEngineMessage } from '@shared/shell/protocol.js';
import { serveEngineApi } from '@shared/rpc/rpc.js';
import { defaultDataDir } from '../engine/index.js';
import { startHost, type RunningHost } from '../host/run-host.js';

/** Electron's MessagePortMain and parentPort, described by shape so this needs no electron types. */
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

/**
 * parentPort.postMessage has no completion callback; the process waits this long after posting
 * `fatal` so the message leaves before the process does. The reason is in engine.log regardless.
 */
const FATAL_EXIT_DELAY_MS = 200;

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

let host: RunningHost | null = null;
let shutdownRequested = false;
let exiting = false;

function writeStderr(text: string): Promise<void> {
  return new Promise((done) => process.stderr.write(text, () => done()));
}

async function shutDown(why: string): Promise<void> {
  shutdownRequested = true;
  // Still starting: the start finishes first, then comes back here (see below).
  if (!host || exiting) return;
  exiting = true;
  try {
    await host.stop();
    process.stdout.write(`[steward] engine stopped (${why}): database and connections closed\n`);
    process.exit(0);
  } catch (error) {
    await writeStderr(`[steward] the engine did not stop cleanly (${why}): ${describe(error)}\n`);
    process.exit(1);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

parentPort.on('message', ({ data, ports }) => {
  const message = data as ShellToEngineMessage | null;
  if (message?.type === 'shutdown') {
    void shutDown('asked by the desktop app');
    return;
  }
  const port = ports[0];
  if (message?.type !== 'client-port' || !port || !host) return;
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
process.once('SIGTERM', () => void shutDown('SIGTERM'));
process.once('SIGINT', () => void shutDown('SIGINT'));

try {
  host = await startHost({
    dataDir,
    mode: 'desktop',
    staticDir: resolve(dirname(fileURLToPath(import.meta.url)), '../renderer'),
    startPaused: values['start-paused'] ? 'the previous engine did not stop in time and was stopped by force' : null,
  });
  if (shutdownRequested) {
    await shutDown('asked while starting');
  } else {
    parentPort.postMessage({ type: 'ready', apiUrl: host.server.url });
  }
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  await writeStderr(`[steward] the engine could not start: ${describe(error)}\n`);
  parentPort.postMessage({ type: 'fatal', message });
  setTimeout(() => process.exit(1), FATAL_EXIT_DELAY_MS);
}
