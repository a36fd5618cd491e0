/** Starts test/crash/engine-child.ts in a process of its own, to be killed for real (SIGKILL). */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitUntil } from '../wait-until.js';

const repository = fileURLToPath(new URL('../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./engine-child.ts', import.meta.url));

export interface KillableEngine {
  readonly child: ChildProcessWithoutNullStreams;
  readonly pid: number;
  /** JSON lines it printed so far. */
  readonly said: Record<string, unknown>[];
  stderr(): string;
  send(command: { op: string; id?: string }): void;
  /** Waits for its answer to the last command of this op. */
  answer(op: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** SIGKILL: no handler runs, nothing is closed or cleaned up. Resolves once it is gone. */
  kill(): Promise<void>;
  /** Asks it to stop cleanly and waits for its exit. */
  stop(): Promise<void>;
}

const running = new Set<KillableEngine>();

export async function startKillableEngine(dataDir: string, extraArgs: readonly string[] = []): Promise<KillableEngine> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, ...extraArgs], {
    cwd: repository,
    env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.engine.json' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const said: Record<string, unknown>[] = [];
  let err = '';
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        said.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // Something the engine logged: not part of the protocol.
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const engine: KillableEngine = {
    child,
    pid: child.pid ?? -1,
    said,
    stderr: () => err,
    send: (command) => child.stdin.write(`${JSON.stringify(command)}\n`),
    answer: (op, timeoutMs = 30_000) =>
      waitUntil(`the engine's answer to ${op}`, () => said.findLast((m) => m.op === op && (m.type === 'done' || m.type === 'error')), timeoutMs),
    async kill() {
      running.delete(engine);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      running.delete(engine);
      if (child.exitCode !== null || child.signalCode !== null) return;
      engine.send({ op: 'stop' });
      await exited;
    },
  };
  running.add(engine);
  await waitUntil(
    'the engine process to be ready',
    () => {
      if (child.exitCode !== null) throw new Error(`the engine process exited (${child.exitCode}): ${err}`);
      return said.find((m) => m.type === 'ready');
    },
    30_000,
  );
  return engine;
}

/** Kills whatever a test left running. */
export async function killAllEngines(): Promise<void> {
  await Promise.all([...running].map((engine) => engine.kill()));
}
