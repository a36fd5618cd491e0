/**
 * The desktop engine's lifecycle, for real: the built utilityProcess entry (out/main/engine.js)
 * runs under Node with a stand-in for Electron's parentPort (test/utility-process-standin.js),
 * the run's real Dovecot and keychain, and a real data folder. What the shell relies on:
 *
 * - `shutdown` over the port stops it cleanly on every OS (on Windows the shell's kill() is
 *   TerminateProcess, which runs no handler): database closed (its WAL checkpointed away),
 *   IMAP connection gone, host.json removed and the lock released, exit code 0;
 * - after a hard kill (SIGKILL, TerminateProcess) the next start works, over whatever the dead
 *   one left behind: the OS released its lock with the process;
 * - a start that fails says why on stderr (with the stack) and as `fatal`, before it exits 1.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { EngineStatus } from '../../shared/domain/types.js';
import { ENGINE_ARGS, ENGINE_RUN_FILES, type EngineToShellMessage } from '../../shared/shell/protocol.js';
import { isDataDirLocked, lockDataDir } from '../../electron/engine/db/data-dir-lock.js';
import { tempDataDir } from '../engine-fixture.js';
import { createImapUser, type ImapUser } from '../fixtures.js';
import { waitUntil } from '../wait-until.js';

const root = join(import.meta.dirname, '..', '..');
const ENGINE_ENTRY = join(root, 'out', 'main', 'engine.js');
const STANDIN = join(root, 'test', 'utility-process-standin.js');

interface RunningEngine {
  readonly child: ChildProcess;
  readonly messages: EngineToShellMessage[];
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: RunningEngine[] = [];
const dataDirs: string[] = [];

afterEach(async () => {
  for (const engine of started.splice(0)) {
    if (engine.child.exitCode === null && engine.child.signalCode === null) engine.child.kill('SIGKILL');
    await engine.exited;
  }
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function newDataDir(): string {
  const dir = tempDataDir();
  dataDirs.push(dir);
  return dir;
}

/** What the shell does: utilityProcess.fork(engine.js, ['--data-dir', …, '--mode', 'desktop']). */
function startEngineProcess(dataDir: string, extraArgs: readonly string[] = []): RunningEngine {
  if (!existsSync(ENGINE_ENTRY)) throw new Error(`${ENGINE_ENTRY} is missing: run "npm run build" first (npm test does).`);
  const child = fork(STANDIN, [ENGINE_ENTRY, '--data-dir', dataDir, '--mode', 'desktop', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: process.env,
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const messages: EngineToShellMessage[] = [];
  child.on('message', (message) => messages.push(message as EngineToShellMessage));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const engine: RunningEngine = { child, messages, stdout: () => out, stderr: () => err, exited };
  started.push(engine);
  return engine;
}

async function ready(engine: RunningEngine): Promise<string> {
  const message = await waitUntil(
    'the engine to post ready',
    () => {
      const fatal = engine.messages.find((m) => m.type === 'fatal');
      if (fatal) throw new Error(`the engine posted fatal: ${fatal.message}\n${engine.stderr()}`);
      return engine.messages.find((m) => m.type === 'ready');
    },
    30_000,
  );
  if (message.type !== 'ready') throw new Error('unreachable');
  return message.apiUrl;
}

function hostInfo(dataDir: string): { pid: number; url: string; token: string } {
  return JSON.parse(readFileSync(join(dataDir, ENGINE_RUN_FILES.hostInfo), 'utf8')) as { pid: number; url: string; token: string };
}

async function api<T>(dataDir: string, method: string, input?: unknown): Promise<T> {
  const { url, token } = hostInfo(dataDir);
  const response = await fetch(`${url}api/${method}`, {
    method: input === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}` },
    ...(input === undefined ? {} : { body: JSON.stringify(input) }),
  });
  const body = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method}: ${JSON.stringify(body)}`);
  return body;
}

async function addAccount(dataDir: string, user: ImapUser): Promise<void> {
  await api(dataDir, 'addAccount', {
    kind: 'imap',
    email: user.email,
    host: user.server.host,
    port: user.server.port,
    tls: false,
    username: user.user,
    password: user.password,
  });
}

async function connected(dataDir: string): Promise<void> {
  await waitUntil(
    'the account to be connected',
    async () => (await api<EngineStatus>(dataDir, 'status')).accounts.every((a) => a.connection.state === 'connected'),
    20_000,
  );
}

/** Live IMAP sessions of `email` on the run's Dovecot, as `doveadm who` lists them. */
async function imapSessions(email: string): Promise<number> {
  const { dir } = inject('dovecot');
  const { stdout } = await promisify(execFile)('doveadm', ['-c', join(dir, 'dovecot.conf'), 'who', email]).catch((error: { stdout?: string }) => ({
    stdout: error.stdout ?? '',
  }));
  return stdout.split('\n').filter((line) => line.startsWith(email)).length;
}

const runFile = (dataDir: string, name: string) => join(dataDir, name);

describe('the desktop engine, started as the shell starts it', () => {
  it('a shutdown message stops it cleanly: database and IMAP closed, host.json removed, the lock released, exit 0', async () => {
    const dataDir = newDataDir();
    const user = await createImapUser();
    const engine = startEngineProcess(dataDir);
    await ready(engine);
    expect(hostInfo(dataDir).pid).toBe(engine.child.pid);
    expect(isDataDirLocked(dataDir)).toBe(true);

    await addAccount(dataDir, user);
    await connected(dataDir);
    await waitUntil('Dovecot to list the engine’s IMAP session', async () => (await imapSessions(user.email)) > 0);
    // A database in use has its write-ahead log beside it.
    expect(existsSync(join(dataDir, 'steward.db-wal'))).toBe(true);

    engine.child.send({ type: 'shutdown' });
    const exit = await engine.exited;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(engine.stdout()).toMatch(/engine stopped \(asked by the desktop app\): database and connections closed/);
    expect(existsSync(runFile(dataDir, ENGINE_RUN_FILES.hostInfo))).toBe(false);
    expect(isDataDirLocked(dataDir)).toBe(false);
    // SQLite checkpoints and deletes the WAL when the last connection closes cleanly.
    expect(existsSync(join(dataDir, 'steward.db-wal'))).toBe(false);
    expect(await imapSessions(user.email)).toBe(0);
    expect(engine.stderr()).toBe('');
  });

  it('after a hard kill (SIGKILL, as TerminateProcess) the next start works over what the dead one left', async () => {
    const dataDir = newDataDir();
    const user = await createImapUser();
    const first = startEngineProcess(dataDir);
    await ready(first);
    await addAccount(dataDir, user);
    await connected(dataDir);

    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // Nothing ran: host.json still names the dead process, the WAL was never checkpointed, but
    // the OS released the lock with the process.
    expect(hostInfo(dataDir).pid).toBe(first.child.pid);
    expect(isDataDirLocked(dataDir)).toBe(false);
    expect(existsSync(join(dataDir, 'steward.db-wal'))).toBe(true);

    const second = startEngineProcess(dataDir);
    await ready(second);
    expect(hostInfo(dataDir).pid).toBe(second.child.pid);
    await connected(dataDir);
    const status = await api<EngineStatus>(dataDir, 'status');
    expect(status.accounts.map((a) => a.email)).toEqual([user.email]);
    expect(status.paused).toBe(false);

    second.child.send({ type: 'shutdown' });
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(isDataDirLocked(dataDir)).toBe(false);
  });

  it('honours --start-paused (after the shell had to stop an engine by force): paused from the start, and the ledger says why', async () => {
    const dataDir = newDataDir();
    const engine = startEngineProcess(dataDir, [ENGINE_ARGS.startPaused]);
    await ready(engine);
    const status = await api<EngineStatus>(dataDir, 'status');
    expect(status).toMatchObject({ paused: true, pausedBy: 'shell', pausedReason: 'the previous engine did not stop in time and was stopped by force' });
    const ledger = await api<{ kind: string; actor: string }[]>(dataDir, 'ledger');
    expect(ledger[0]).toMatchObject({ kind: 'engine.paused', actor: 'shell' });
    engine.child.send({ type: 'shutdown' });
    expect(await engine.exited).toEqual({ code: 0, signal: null });
  });

  it('a shutdown that arrives while it is still starting waits for the start, then stops cleanly', async () => {
    const dataDir = newDataDir();
    const engine = startEngineProcess(dataDir);
    engine.child.send({ type: 'shutdown' });
    expect(await engine.exited).toEqual({ code: 0, signal: null });
    expect(engine.messages.filter((m) => m.type === 'ready')).toEqual([]);
    expect(existsSync(runFile(dataDir, ENGINE_RUN_FILES.hostInfo))).toBe(false);
    expect(isDataDirLocked(dataDir)).toBe(false);
  });

  it('a start that fails writes the reason and its stack to stderr, posts fatal with the reason, and exits 1', async () => {
    const dataDir = newDataDir();
    // Another live process (this test) holds the data folder.
    const held = lockDataDir(dataDir);
    const engine = startEngineProcess(dataDir);
    const exit = await engine.exited;

    expect(exit).toEqual({ code: 1, signal: null });
    const fatal = engine.messages.find((m) => m.type === 'fatal');
    expect(fatal?.type === 'fatal' ? fatal.message : null).toMatch(/Another Steward is using/);
    expect(engine.stderr()).toMatch(/\[steward\] the engine could not start: .*Another Steward/);
    expect(engine.stderr()).toMatch(/\n\s+at /);
    // The lock of the other process is left alone.
    expect(isDataDirLocked(dataDir)).toBe(true);
    held.release();
  });
});
