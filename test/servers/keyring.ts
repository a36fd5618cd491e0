// A private OS keychain for tests: a D-Bus session bus of our own with an unlocked gnome-keyring
// (Secret Service) on it, all under a temp dir so the real user's keyrings are never touched.
//
// How clients reach it: set DBUS_SESSION_BUS_ADDRESS to `busAddress` BEFORE the process makes
// its first keychain call. @napi-rs/keyring (keyring-rs over libdbus) reads the variable once per
// process, at the first call that touches the Secret Service (not at import), and keeps using
// that address for the life of the process; it opens a new connection per call, but changing the
// variable afterwards has no effect (measured: a process whose first call saw a dead bus kept
// failing on that address after the variable was changed). Without any bus, the library falls
// back to the kernel keyring, which fails here with "Couldn't access platform storage:
// AccessDenied" (and would hide the secret from the Secret Service where it works).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { explainSpawnError, isAlive, run, sweepStaleDirs, terminate, terminateSync, trackServerDir, untrackServerDir } from './processes.js';

export interface KeyringServer {
  /** A D-Bus address (`unix:path=…`) for DBUS_SESSION_BUS_ADDRESS. */
  readonly busAddress: string;
  /** Stops the keyring and the bus and removes the temp dir. Safe to call twice; also happens if the process exits. */
  stop(): Promise<void>;
}

const DIR_PREFIX = 'steward-keyring-';
const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 3_000;
/** The password of the throwaway login keyring; nothing else ever uses it. */
const KEYRING_PASSWORD = 'steward-test-keyring';

export async function startKeyring(): Promise<KeyringServer> {
  sweepStaleDirs(DIR_PREFIX, stopDirSync);
  const dir = await mkdtemp(join(tmpdir(), DIR_PREFIX));
  trackServerDir(dir, stopDirSync);
  try {
    // gnome-keyring insists on a private runtime dir (0700) and keeps its keyrings in XDG_DATA_HOME.
    await Promise.all(['home', 'data', 'runtime'].map((name) => mkdir(join(dir, name), { mode: 0o700 })));
    const busAddress = await startBus(dir);
    const env = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: busAddress,
      HOME: join(dir, 'home'),
      XDG_DATA_HOME: join(dir, 'data'),
      XDG_RUNTIME_DIR: join(dir, 'runtime'),
    };
    await startGnomeKeyring(dir, env);
    await waitForRoundTrip(dir, env);

    let stopping: Promise<void> | undefined;
    return {
      busAddress,
      stop: () => (stopping ??= stopDir(dir)),
    };
  } catch (error) {
    await stopDir(dir);
    throw error;
  }
}

/**
 * A bus from our own config rather than `--session`: the stock session config would also
 * auto-start a second gnome-keyring (locked, no password) for any client that asks for
 * org.freedesktop.secrets before ours is up. Ours activates nothing, and its socket lives in the
 * temp dir.
 */
async function startBus(dir: string): Promise<string> {
  const config = join(dir, 'bus.conf');
  await writeFile(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${join(dir, 'bus')}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  // --fork returns once the bus listens; the daemon closes the stdout we read, so run() ends.
  const output = await run('dbus-daemon', [`--config-file=${config}`, '--fork', '--nopidfile', '--print-address=1', '--print-pid=1']);
  const [address, pid] = output.trim().split('\n');
  if (!address?.startsWith('unix:') || !pid) throw new Error(`dbus-daemon printed no address and pid (got ${JSON.stringify(output)}).`);
  await writeFile(join(dir, 'bus.pid'), pid);
  return address;
}

/**
 * --foreground keeps gnome-keyring our child, so we know its pid for stop(); --unlock reads the
 * login keyring's password from stdin and creates that keyring unlocked.
 */
async function startGnomeKeyring(dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  // Its output goes to a file: a pipe would keep the test runner's event loop alive.
  const log = await open(join(dir, 'gnome-keyring.log'), 'a');
  try {
    const child = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      env,
      stdio: ['pipe', log.fd, log.fd],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('error', (error) => reject(explainSpawnError(error, 'gnome-keyring-daemon')));
      child.once('spawn', resolve);
    });
    child.stdin?.end(KEYRING_PASSWORD);
    child.unref();
    await writeFile(join(dir, 'keyring.pid'), String(child.pid));
  } finally {
    await log.close();
  }
}

const KEYRING_MODULE = createRequire(import.meta.url).resolve('@napi-rs/keyring');

/**
 * The Secret Service is ready when @napi-rs/keyring can store, read and delete a secret. The
 * check runs in a fresh Node process each time because the library fixes its bus address per
 * process (see the top of this file): a check in this process would pin this process to this
 * bus, and a failed early attempt would pin it to failure. Pinning the store to 'secret-service'
 * stops the library from quietly falling back to the kernel keyring.
 */
async function waitForRoundTrip(dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const script = `
    try {
      const { Entry } = require(${JSON.stringify(KEYRING_MODULE)});
      const entry = new Entry('steward-harness', 'readiness', { linux: { store: 'secret-service' } });
      entry.setPassword('ready');
      if (entry.getPassword() !== 'ready') throw new Error('read back a different secret');
      entry.deletePassword();
    } catch (error) {
      console.error(error.message);
      process.exit(1);
    }`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastProblem = '';
  let outcome = `did not answer a @napi-rs/keyring round trip within ${READY_TIMEOUT_MS} ms`;
  while (Date.now() < deadline) {
    try {
      await run(process.execPath, ['-e', script], { env, label: 'The round trip' });
      return;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    const keyringPid = await readPid(dir, 'keyring.pid');
    if (keyringPid !== undefined && !isAlive(keyringPid)) {
      outcome = 'exited before it answered a @napi-rs/keyring round trip';
      break;
    }
    await sleep(100);
  }
  const log = await readFile(join(dir, 'gnome-keyring.log'), 'utf8').catch(() => '');
  throw new Error(
    `The test keychain (gnome-keyring on a private D-Bus) ${outcome}.\n` +
      `Last error: ${lastProblem}\n--- gnome-keyring-daemon output ---\n${log.trim() || '(none)'}\n` +
      'Check that gnome-keyring and dbus are installed (`node test/ensure-servers.js`).',
  );
}

async function readPid(dir: string, file: string): Promise<number | undefined> {
  const pid = Number(await readFile(join(dir, file), 'utf8').catch(() => ''));
  return pid > 0 ? pid : undefined;
}

function readPidSync(dir: string, file: string): number | undefined {
  let pid = NaN;
  try {
    pid = Number(readFileSync(join(dir, file), 'utf8'));
  } catch {
    // Not started yet.
  }
  return pid > 0 ? pid : undefined;
}

// The keyring goes first so it does not log the bus vanishing from under it.

async function stopDir(dir: string): Promise<void> {
  for (const file of ['keyring.pid', 'bus.pid']) {
    const pid = await readPid(dir, file);
    if (pid !== undefined) await terminate(pid, 'SIGTERM', STOP_TIMEOUT_MS);
  }
  await rm(dir, { recursive: true, force: true });
  untrackServerDir(dir);
}

function stopDirSync(dir: string): void {
  if (!existsSync(dir)) return;
  for (const file of ['keyring.pid', 'bus.pid']) {
    const pid = readPidSync(dir, file);
    if (pid !== undefined) terminateSync(pid, 'SIGTERM', STOP_TIMEOUT_MS);
  }
  rmSync(dir, { recursive: true, force: true });
  untrackServerDir(dir);
}
