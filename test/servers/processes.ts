// Process plumbing shared by the servers the harness starts (Dovecot, D-Bus, gnome-keyring), and
// the guarantee that none of them outlives the process that started it.
//
// Every server keeps its state in a temp dir of its own, with the pids to stop in it. While a
// server runs, its dir is tracked here together with a synchronous way to stop it: when the
// process exits (normally, by an uncaught error, or by SIGINT/SIGTERM/SIGHUP) whatever is still
// tracked is stopped, including a server that was halfway through starting. SIGKILL skips all
// handlers; for that, each dir records its owner's pid and the next start sweeps up dirs whose
// owner is gone.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

type StopSync = (dir: string) => void;

const trackedDirs = new Map<string, StopSync>();
const EXIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let exitHandlersInstalled = false;

/** Records this process as the dir's owner and stops the server in it if the process exits first. */
export function trackServerDir(dir: string, stopSync: StopSync): void {
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  trackedDirs.set(dir, stopSync);
  if (!exitHandlersInstalled) {
    exitHandlersInstalled = true;
    process.on('exit', stopTrackedNow);
    for (const signal of EXIT_SIGNALS) process.on(signal, onExitSignal);
  }
}

/** Called once a server has been stopped (its dir removed). */
export function untrackServerDir(dir: string): void {
  trackedDirs.delete(dir);
}

function stopTrackedNow(): void {
  for (const [dir, stopSync] of trackedDirs) {
    try {
      stopSync(dir);
    } catch {
      // Best effort: the process is going away; keep stopping the others.
    }
  }
  trackedDirs.clear();
}

/**
 * Stops the servers, then lets the signal do what it would have done: if nobody else (the test
 * runner) listens for it, re-raise it so the process still dies of it; otherwise leave the
 * decision to that listener.
 */
function onExitSignal(signal: NodeJS.Signals): void {
  stopTrackedNow();
  process.off('exit', stopTrackedNow);
  for (const each of EXIT_SIGNALS) process.off(each, onExitSignal);
  exitHandlersInstalled = false;
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/**
 * A child of ours that has exited stays a zombie until Node reaps it, which it cannot do while a
 * synchronous exit handler runs; signal 0 still "reaches" a zombie, so ask /proc instead.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** Sends `signal`, waits up to `timeoutMs` for the process to go, then SIGKILLs it. */
export async function terminate(pid: number, signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
  signalIfAlive(pid, signal);
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(25);
  if (isAlive(pid)) signalIfAlive(pid, 'SIGKILL');
}

/** terminate() for process-exit handlers, where nothing asynchronous runs any more. */
export function terminateSync(pid: number, signal: NodeJS.Signals, timeoutMs: number): void {
  signalIfAlive(pid, signal);
  const deadline = Date.now() + timeoutMs;
  const nap = new Int32Array(new SharedArrayBuffer(4));
  while (isAlive(pid) && Date.now() < deadline) Atomics.wait(nap, 0, 0, 25);
  if (isAlive(pid)) signalIfAlive(pid, 'SIGKILL');
}

function signalIfAlive(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone: that is what we wanted.
  }
}

/** Runs a command to completion and returns its stdout; the error carries its stderr. */
export function run(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; /** Names the command in errors instead of its full command line. */ label?: string } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env, timeout: options.timeoutMs ?? 10_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error) => reject(explainSpawnError(error, command)));
    child.once('close', (code, signal) => {
      if (code === 0) return resolve(stdout);
      const what = options.label ?? `\`${command} ${args.join(' ')}\``;
      reject(new Error(`${what} ${signal ? `was killed by ${signal}` : `exited with ${code}`}: ${stderr.trim() || stdout.trim() || '(no output)'}`));
    });
  });
}

/** Turns "spawn dovecot ENOENT" into what to do about it. */
export function explainSpawnError(error: Error, command: string): Error {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return error;
  return new Error(`${command} was not found on PATH. Run \`node test/ensure-servers.js\` as root: it installs the Debian packages the test servers need.`);
}

/** Stops servers left by processes that died without stopping them (see the top of this file). */
export function sweepStaleDirs(prefix: string, stopSync: StopSync): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir()).filter((name) => name.startsWith(prefix));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = join(tmpdir(), name);
    let owner = NaN;
    try {
      owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'));
    } catch {
      // No owner file yet: a dir another run is setting up right now. Leave it alone.
    }
    if (owner > 0 && !isAlive(owner)) stopSync(dir);
  }
}
