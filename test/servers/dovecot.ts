// A real Dovecot IMAP server for tests, run from a private temp dir (recipe in ENVIRONMENT.md).
//
// Why root: as in the recipe, Dovecot's login and auth processes run as dovenull and the mail
// processes as nobody:nogroup, and only a master started by root can switch to those users.
//
// Users live in DIR/users (passwd-file, {PLAIN} passwords). Test workers add users by appending
// to that file (see addDovecotUser), so the dir path is all a worker needs.
import { spawn, spawnSync } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { appendFile, chmod, mkdir, mkdtemp, open, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { explainSpawnError, run, sweepStaleDirs, terminate, terminateSync, trackServerDir, untrackServerDir } from './processes.js';

export interface DovecotServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The server's temp dir; pass it to addDovecotUser from a test worker. */
  readonly dir: string;
  addUser(email: string, password: string): Promise<void>;
  /**
   * Stops the Dovecot process for real (SIGTERM to the master, waiting until it has exited with
   * its children) and keeps its dir: the mail and the users survive, as on a server that goes
   * down. For tests of a server restart; start it again with startAgain().
   */
  halt(): Promise<void>;
  /** Starts a halted Dovecot again on the same port, with the same mail. */
  startAgain(): Promise<void>;
  /** Stops Dovecot and removes its dir. Safe to call twice; also happens if the process exits. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const DIR_PREFIX = 'steward-dovecot-';
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

const ROOT_REQUIRED_MESSAGE =
  'Dovecot tests need root: the harness runs Dovecot with its login processes as dovenull and mail owned by ' +
  'nobody:nogroup, and only a Dovecot started by root can switch to those users. Run the tests as root, ' +
  'e.g. `sudo npm test` (or `sudo npx vitest run`).';

export interface DovecotOptions {
  /**
   * Settings appended to the harness's config, for a dedicated instance a test starts itself
   * (e.g. `mail_max_userip_connections = 1` to have the server refuse a second connection).
   */
  readonly extraConfig?: string;
}

export async function startDovecot(options: DovecotOptions = {}): Promise<DovecotServer> {
  if (process.getuid?.() !== 0) throw new Error(ROOT_REQUIRED_MESSAGE);
  sweepStaleDirs(DIR_PREFIX, stopDirSync);

  const dir = await mkdtemp(join(tmpdir(), DIR_PREFIX));
  trackServerDir(dir, stopDirSync);
  let port: number;
  try {
    // mkdtemp makes the dir 0700; Dovecot's unprivileged auth process then cannot read DIR/users
    // and every login hangs until the client times out.
    await chmod(dir, 0o755);
    await Promise.all(['run', 'state', 'mail'].map((name) => mkdir(join(dir, name))));
    await writeFile(join(dir, 'users'), '', { mode: 0o644 });
    await run('chown', ['nobody:nogroup', join(dir, 'mail')]);
    port = await freePort();
    await writeFile(configPath(dir), dovecotConfig(dir, port) + (options.extraConfig ? `${options.extraConfig.trim()}\n` : ''));
    await launch(dir);
    await waitForGreeting(port, dir);
  } catch (error) {
    await stopDir(dir);
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    host: HOST,
    port,
    dir,
    addUser: (email, password) => addDovecotUser(dir, email, password),
    halt: () => haltMaster(dir),
    async startAgain() {
      await launch(dir);
      await waitForGreeting(port, dir);
    },
    stop: () => (stopping ??= stopDir(dir)),
  };
}

/**
 * Adds a user to a running Dovecot. Works from any process that can write DIR/users (test
 * workers included), because Dovecot re-reads the passwd-file when its size changes.
 *
 * Resolves only once Dovecot will see the new user: its passwd-file driver stats the file at most
 * once per second (db-passwd-file.c skips the check while `last_sync_time == ioloop_time`), so a
 * login in the same wall-clock second as an earlier lookup would still get the old file and fail
 * with AUTHENTICATIONFAILED. Waiting for the next second makes the next lookup re-read it.
 * (`doveadm reload` would also work but restarts the auth and login processes under other tests.)
 */
export async function addDovecotUser(dir: string, email: string, password: string): Promise<void> {
  for (const [what, value] of [['email', email], ['password', password]] as const) {
    if (value === '' || /[:\s]/.test(value)) {
      throw new Error(`Cannot add Dovecot user: the ${what} ${JSON.stringify(value)} must be non-empty without ':' or whitespace (passwd-file format).`);
    }
  }
  try {
    // One small O_APPEND write: safe with several workers adding users at once.
    await appendFile(join(dir, 'users'), `${email}:{PLAIN}${password}\n`, { flag: 'a' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new Error(`No Dovecot users file in ${dir}: that Dovecot is not running (any more). Tests get the run's Dovecot from test/global-setup.ts via inject('dovecot').`, {
      cause: error,
    });
  }
  const appendedInSecond = Math.floor(Date.now() / 1000);
  // A few ms of margin so the auth process's clock has certainly moved on too.
  await sleep((appendedInSecond + 1) * 1000 + 20 - Date.now());
}

/**
 * Changes a user's password on the server, as the user would at their provider, for tests of
 * a changed password. The line is rewritten in place, byte for byte (the new password must be as
 * long as the old), so that other workers' appends to the file are never lost.
 */
export async function changeDovecotPassword(dir: string, email: string, oldPassword: string, newPassword: string): Promise<void> {
  if (newPassword.length !== oldPassword.length || /[:\s]/.test(newPassword)) {
    throw new Error('changeDovecotPassword: the new password must be as long as the old one, without ":" or whitespace (it is rewritten in place).');
  }
  const file = join(dir, 'users');
  const text = await readFile(file);
  const line = Buffer.from(`${email}:{PLAIN}${oldPassword}\n`);
  const at = text.indexOf(line);
  if (at < 0) throw new Error(`changeDovecotPassword: ${email} with that password is not in ${file}.`);
  const handle = await open(file, 'r+');
  try {
    await handle.write(Buffer.from(newPassword), 0, newPassword.length, at + line.length - 1 - oldPassword.length);
  } finally {
    await handle.close();
  }
  // Dovecot notices a changed passwd-file by its modification time, in whole seconds.
  const changedInSecond = Math.floor(Date.now() / 1000);
  await sleep((changedInSecond + 1) * 1000 + 20 - Date.now());
}

/**
 * Drops every IMAP connection of a user, as a server restart or a network cut would; for tests of
 * reconnecting. Like addDovecotUser it only needs the dir, so it works from a test worker.
 */
export async function kickDovecotUser(dir: string, email: string): Promise<void> {
  try {
    await run('doveadm', ['-c', configPath(dir), 'kick', email]);
  } catch (error) {
    // doveadm exits with 68 and "no users kicked" when the user has no connection at all.
    if (!/no users kicked/.test((error as Error).message)) throw error;
    throw new Error(`Could not kick ${email}: it has no open IMAP connection to drop. Wait until the client under test is connected.`, { cause: error });
  }
}

/**
 * Puts many messages into a user's folder at once by writing them into its maildir, as a
 * delivery agent does: thousands in a second, where APPENDing them one by one takes minutes.
 * Dovecot numbers them when the folder is next opened. The user must have logged in once (the
 * folders are created at the first login).
 */
export async function seedDovecotMailbox(dir: string, email: string, mailbox: string, messages: readonly string[], options: { readonly receivedAt?: Date } = {}): Promise<void> {
  const folder = join(dir, 'mail', email, mailbox === 'INBOX' ? '' : `.${mailbox}`, 'cur');
  if (!existsSync(folder)) throw new Error(`No maildir folder ${folder}: log in as ${email} once first (Dovecot creates the folders then).`);
  const stamp = Date.now();
  for (const [i, raw] of messages.entries()) {
    const name = `${Math.floor(stamp / 1000)}.M${i}P${process.pid}.seed,S=${Buffer.byteLength(raw)}:2,`;
    await writeFile(join(folder, name), raw, { mode: 0o644 });
    // Dovecot takes a maildir file's modification time as the message's INTERNALDATE.
    if (options.receivedAt) await utimes(join(folder, name), options.receivedAt, options.receivedAt);
  }
  await run('chown', ['-R', 'nobody:nogroup', folder]);
}

function configPath(dir: string): string {
  return join(dir, 'dovecot.conf');
}

function dovecotConfig(dir: string, port: number): string {
  const specialUse = (name: string) => `  mailbox ${name} {\n    special_use = \\${name}\n    auto = create\n  }`;
  return `# Written by test/servers/dovecot.ts; the whole dir is removed when the server stops.
protocols = imap
listen = ${HOST}
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
# So that dovecot.log says why a login failed: unknown user or wrong password.
auth_verbose = yes
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = dovenull
default_login_user = dovenull
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    port = ${port}
  }
}
# IDLE, MOVE and UIDPLUS are in Dovecot's default capabilities; nothing to enable.
namespace inbox {
  inbox = yes
${['Sent', 'Drafts', 'Archive', 'Trash'].map(specialUse).join('\n')}
}
`;
}

/** Starts the master, which daemonizes; the launcher exits non-zero on a bad config. */
async function launch(dir: string): Promise<void> {
  // Output goes to a file, not a pipe: the daemon inherits its stdio and would keep a pipe (and so
  // the test runner) open for its whole life.
  const startupLog = await open(join(dir, 'startup.log'), 'a');
  try {
    const child = spawn('dovecot', ['-c', configPath(dir)], { stdio: ['ignore', startupLog.fd, startupLog.fd] });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', (error) => reject(explainSpawnError(error, 'dovecot')));
      child.once('exit', resolve);
    });
    if (code !== 0) throw new Error(`dovecot -c ${configPath(dir)} exited with ${code}.\n${await logTail(dir)}`);
  } finally {
    await startupLog.close();
  }
}

async function waitForGreeting(port: number, dir: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastProblem = 'no attempt made';
  while (Date.now() < deadline) {
    try {
      const greeting = await readGreeting(port);
      if (greeting.startsWith('* OK')) return;
      lastProblem = `unexpected greeting ${JSON.stringify(greeting)}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`Dovecot did not greet on ${HOST}:${port} within ${START_TIMEOUT_MS} ms (${lastProblem}).\n${await logTail(dir)}`);
}

function readGreeting(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: HOST, port });
    let received = '';
    socket.setTimeout(2_000, () => socket.destroy(new Error('no greeting within 2 s')));
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n');
      if (end >= 0) {
        socket.end('a LOGOUT\r\n');
        resolve(received.slice(0, end));
      }
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('connection closed before a greeting')));
  });
}

/** Asks the OS for a free port. Another process could take it before Dovecot binds; the log then says so. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port assigned'))));
    });
  });
}

async function logTail(dir: string): Promise<string> {
  const parts: string[] = [];
  for (const name of ['startup.log', 'dovecot.log']) {
    const text = await readFile(join(dir, name), 'utf8').catch(() => '');
    if (text.trim()) parts.push(`--- last lines of ${join(dir, name)} ---\n${text.trimEnd().split('\n').slice(-20).join('\n')}`);
  }
  return parts.join('\n') || `(${dir} has no Dovecot log output)`;
}

function masterPid(dir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dir, 'run', 'master.pid'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

// `doveadm stop` only signals the master. Wait for it to exit (it takes its children along:
// shutdown_clients is on by default) before deleting the dir under it, and kill it if it hangs.

/** SIGTERM to the master, as an init system stops the service; it takes its children along. */
async function haltMaster(dir: string): Promise<void> {
  const pid = masterPid(dir);
  if (pid === undefined) throw new Error(`No Dovecot master is running from ${dir} (no run/master.pid).`);
  await terminate(pid, 'SIGTERM', STOP_TIMEOUT_MS);
}

async function stopDir(dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  const pid = masterPid(dir);
  await run('doveadm', ['-c', configPath(dir), 'stop']).catch(() => undefined);
  if (pid !== undefined) await terminate(pid, 'SIGTERM', STOP_TIMEOUT_MS);
  await rm(dir, { recursive: true, force: true });
  untrackServerDir(dir);
}

function stopDirSync(dir: string): void {
  if (!existsSync(dir)) return;
  const pid = masterPid(dir);
  spawnSync('doveadm', ['-c', configPath(dir), 'stop'], { stdio: 'ignore' });
  if (pid !== undefined) terminateSync(pid, 'SIGTERM', STOP_TIMEOUT_MS);
  rmSync(dir, { recursive: true, force: true });
  untrackServerDir(dir);
}
