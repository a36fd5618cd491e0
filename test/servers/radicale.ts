// A real Radicale 3 CalDAV server for tests, run from a private temp dir (recipe in
// ENVIRONMENT.md): htpasswd users with plain passwords, filesystem storage, one free port on
// 127.0.0.1.
//
// Users live in DIR/users. Radicale 3.1 reads that file on every login, so a test worker adds a
// user by appending a line (addRadicaleUser) and can log in at once; the dir path is all it needs.
// The helpers below the server play "another client" (a phone, a colleague's CalDAV app): they
// create calendars and put raw ICS with plain HTTP, so what the code under test reads was written
// by something other than itself.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, open, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { explainSpawnError, isAlive, sweepStaleDirs, terminate, terminateSync, trackServerDir, untrackServerDir } from './processes.js';

export interface RadicaleServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** http://127.0.0.1:PORT/ : the base URL a user would type. */
  readonly url: string;
  /** The server's temp dir; pass it to addRadicaleUser and expireRadicaleSyncTokens from a test worker. */
  readonly dir: string;
  addUser(user: string, password: string): Promise<void>;
  /** Stops Radicale and removes its dir. Safe to call twice; also happens if the process exits. */
  stop(): Promise<void>;
}

/** Who a helper acts as. */
export interface CalDavLogin {
  readonly url: string;
  readonly user: string;
  readonly password: string;
}

const HOST = '127.0.0.1';
const DIR_PREFIX = 'steward-radicale-';
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

export async function startRadicale(): Promise<RadicaleServer> {
  sweepStaleDirs(DIR_PREFIX, stopDirSync);
  const dir = await mkdtemp(join(tmpdir(), DIR_PREFIX));
  trackServerDir(dir, stopDirSync);
  let port: number;
  try {
    await mkdir(join(dir, 'collections'));
    await writeFile(join(dir, 'users'), '', { mode: 0o600 });
    port = await freePort();
    await writeFile(configPath(dir), radicaleConfig(dir, port));
    await launch(dir);
    await waitForHttp(port, dir);
  } catch (error) {
    await stopDir(dir);
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    host: HOST,
    port,
    url: `http://${HOST}:${port}/`,
    dir,
    addUser: (user, password) => addRadicaleUser(dir, user, password),
    stop: () => (stopping ??= stopDir(dir)),
  };
}

/** Adds a user to a running Radicale; usable at once (Radicale 3.1 reads the file per login). */
export async function addRadicaleUser(dir: string, user: string, password: string): Promise<void> {
  for (const [what, value] of [['user', user], ['password', password]] as const) {
    if (value === '' || /[:\s/]/.test(value)) {
      throw new Error(`Cannot add Radicale user: the ${what} ${JSON.stringify(value)} must be non-empty without ':', '/' or whitespace (htpasswd format).`);
    }
  }
  try {
    await appendFile(join(dir, 'users'), `${user}:${password}\n`, { flag: 'a' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new Error(`No Radicale users file in ${dir}: that Radicale is not running (any more). Tests get the run's Radicale from test/global-setup.ts via inject('radicale').`, {
      cause: error,
    });
  }
}

/**
 * Forgets every sync token Radicale handed out for a user's calendar, as a server that expires
 * old tokens would: the next sync-collection with an old token gets 403 DAV:valid-sync-token.
 */
export async function expireRadicaleSyncTokens(dir: string, user: string, calendar: string): Promise<number> {
  const tokens = join(dir, 'collections', 'collection-root', user, calendar, '.Radicale.cache', 'sync-token');
  const names = await readdir(tokens).catch(() => [] as string[]);
  await Promise.all(names.map((name) => rm(join(tokens, name), { force: true })));
  return names.length;
}

/**
 * Writes objects straight into Radicale's storage folder for a calendar made with makeCalendar,
 * as a bulk import would. For benchmarks that need thousands of events (one PUT each takes
 * minutes for 5,000); Radicale reads item files afresh on every request, so they are served at once.
 */
export async function seedIcsFiles(dir: string, user: string, calendar: string, objects: readonly { readonly name: string; readonly ics: string }[]): Promise<void> {
  const folder = join(dir, 'collections', 'collection-root', user, calendar);
  if (!existsSync(join(folder, '.Radicale.props'))) throw new Error(`No calendar ${calendar} for ${user} in ${dir}: make it with makeCalendar first.`);
  for (const object of objects) {
    if (!/^[\w.@-]+$/.test(object.name)) throw new Error(`Unsafe object name ${JSON.stringify(object.name)}.`);
    await writeFile(join(folder, object.name), object.ics);
  }
}

/** Creates a calendar (MKCALENDAR) at URL/USER/NAME/, as a CalDAV client would. Returns its URL. */
export async function makeCalendar(login: CalDavLogin, name: string, displayName = name): Promise<string> {
  const url = new URL(`${encodeURIComponent(login.user)}/${encodeURIComponent(name)}/`, login.url).href;
  const body = `<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:set><D:prop>
    <D:displayname>${escapeXml(displayName)}</D:displayname>
    <C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set>
  </D:prop></D:set>
</C:mkcalendar>`;
  const response = await fetch(url, { method: 'MKCALENDAR', headers: { ...authHeader(login), 'Content-Type': 'application/xml; charset=utf-8' }, body });
  if (response.status !== 201) throw new Error(`MKCALENDAR ${url} answered ${response.status}: ${await response.text()}`);
  return url;
}

/**
 * Puts raw ICS at CALENDAR_URL/NAME as another client would (no If-Match: it overwrites). Returns
 * the object's URL and the ETag the server gave it.
 */
export async function putIcs(login: CalDavLogin, calendarUrl: string, name: string, ics: string): Promise<{ url: string; etag: string | null }> {
  const url = new URL(encodeURIComponent(name), calendarUrl).href;
  const response = await fetch(url, { method: 'PUT', headers: { ...authHeader(login), 'Content-Type': 'text/calendar; charset=utf-8' }, body: ics });
  if (response.status !== 201 && response.status !== 204) throw new Error(`PUT ${url} answered ${response.status}: ${await response.text()}`);
  return { url, etag: response.headers.get('etag') };
}

/** Reads an object back as another client would; null when it is not there. */
export async function getIcs(login: CalDavLogin, objectUrl: string): Promise<{ ics: string; etag: string | null } | null> {
  const response = await fetch(objectUrl, { headers: authHeader(login) });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`GET ${objectUrl} answered ${response.status}: ${await response.text()}`);
  return { ics: await response.text(), etag: response.headers.get('etag') };
}

/** Deletes an object as another client would. */
export async function deleteIcs(login: CalDavLogin, objectUrl: string): Promise<void> {
  const response = await fetch(objectUrl, { method: 'DELETE', headers: authHeader(login) });
  if (response.status !== 200 && response.status !== 204) throw new Error(`DELETE ${objectUrl} answered ${response.status}: ${await response.text()}`);
}

/** The names of the objects in a calendar, as the server lists them (PROPFIND depth 1). */
export async function listObjectUrls(login: CalDavLogin, calendarUrl: string): Promise<string[]> {
  const response = await fetch(calendarUrl, {
    method: 'PROPFIND',
    headers: { ...authHeader(login), Depth: '1', 'Content-Type': 'application/xml; charset=utf-8' },
    body: '<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>',
  });
  if (response.status !== 207) throw new Error(`PROPFIND ${calendarUrl} answered ${response.status}.`);
  const hrefs = [...(await response.text()).matchAll(/<(?:\w+:)?href>([^<]+)</gi)].map((match) => new URL(match[1] ?? '', calendarUrl).href);
  return hrefs.filter((href) => href !== calendarUrl).sort();
}

function authHeader(login: CalDavLogin): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${login.user}:${login.password}`).toString('base64')}` };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function configPath(dir: string): string {
  return join(dir, 'radicale.conf');
}

function radicaleConfig(dir: string, port: number): string {
  return `# Written by test/servers/radicale.ts; the whole dir is removed when the server stops.
[server]
hosts = ${HOST}:${port}

[auth]
type = htpasswd
htpasswd_filename = ${join(dir, 'users')}
htpasswd_encryption = plain
# Radicale waits this long after a failed login (1 s by default); tests of wrong passwords need not.
delay = 0.05

[rights]
type = owner_only

[storage]
filesystem_folder = ${join(dir, 'collections')}

[web]
type = none

[logging]
level = warning
mask_passwords = True
`;
}

/**
 * Runs Radicale in the foreground as our child, its output in a file (a pipe would keep the
 * runner alive). Started through its own Python with fsync turned off, as Radicale's own test
 * suite does: a throwaway dir needs no durability, and fsync costs ~0.1 s per event the first
 * time Radicale indexes it (minutes for a benchmark's 5,000). The option is internal, so it can
 * only be set from code, not from the config file.
 */
async function launch(dir: string): Promise<void> {
  const log = await open(join(dir, 'radicale.log'), 'a');
  try {
    const python = radicalePython();
    const [command, args] = python ? [python, ['-c', LAUNCHER, configPath(dir)]] : ['radicale', ['-C', configPath(dir)]];
    const child = spawn(command, args, { stdio: ['ignore', log.fd, log.fd], detached: true });
    await new Promise<void>((resolve, reject) => {
      child.once('error', (error) => reject(explainSpawnError(error, 'radicale')));
      child.once('spawn', resolve);
    });
    child.unref();
    await writeFile(join(dir, 'radicale.pid'), String(child.pid));
  } finally {
    await log.close();
  }
}

/** What `radicale -C CONFIG` does (radicale/__main__.py), less the fsync. */
const LAUNCHER = `
import signal, socket, sys
from radicale import config, log, server
log.setup()
configuration = config.load([(sys.argv[1], False)])
configuration.update({"storage": {"_filesystem_fsync": "False"}}, "test harness", privileged=True)
log.set_level(configuration.get("logging", "level"))
shutdown, shutdown_out = socket.socketpair()
def stop(signum, frame):
    shutdown.close()
for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(number, stop)
server.serve(configuration, shutdown_out)
`;

/** The Python the installed `radicale` command runs with (its #! line), or null to run the command itself. */
function radicalePython(): string | null {
  for (const dir of (process.env.PATH ?? '/usr/bin').split(':').concat('/usr/bin')) {
    try {
      const shebang = /^#!\s*(\S+)/.exec(readFileSync(join(dir, 'radicale'), 'utf8').slice(0, 200))?.[1];
      if (shebang && existsSync(shebang)) return shebang;
    } catch {
      // Not in this dir.
    }
  }
  return null;
}

async function waitForHttp(port: number, dir: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastProblem = 'no attempt made';
  while (Date.now() < deadline) {
    const pid = readPidSync(dir);
    if (pid !== undefined && !isAlive(pid)) {
      lastProblem = 'the radicale process exited';
      break;
    }
    try {
      // Unauthenticated OPTIONS: Radicale answers it (200) once it serves requests.
      const response = await fetch(`http://${HOST}:${port}/`, { method: 'OPTIONS', signal: AbortSignal.timeout(2_000) });
      if (response.ok && /calendar-access/.test(response.headers.get('dav') ?? '')) return;
      lastProblem = `OPTIONS answered ${response.status} with DAV: ${response.headers.get('dav') ?? '(none)'}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await sleep(100);
  }
  const log = await readFile(join(dir, 'radicale.log'), 'utf8').catch(() => '');
  throw new Error(
    `Radicale did not serve CalDAV on ${HOST}:${port} within ${START_TIMEOUT_MS} ms (${lastProblem}).\n` +
      `--- last lines of ${join(dir, 'radicale.log')} ---\n${log.trimEnd().split('\n').slice(-20).join('\n') || '(empty)'}\n` +
      'Check that Radicale is installed (`apt-get install radicale`, or `node test/ensure-servers.js`).',
  );
}

/** Asks the OS for a free port. Another process could take it before Radicale binds; the log then says so. */
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

function readPidSync(dir: string): number | undefined {
  let pid = NaN;
  try {
    pid = Number(readFileSync(join(dir, 'radicale.pid'), 'utf8'));
  } catch {
    // Not started yet.
  }
  return pid > 0 ? pid : undefined;
}

async function stopDir(dir: string): Promise<void> {
  const pid = readPidSync(dir);
  if (pid !== undefined) await terminate(pid, 'SIGTERM', STOP_TIMEOUT_MS);
  await rm(dir, { recursive: true, force: true });
  untrackServerDir(dir);
}

function stopDirSync(dir: string): void {
  if (!existsSync(dir)) return;
  const pid = readPidSync(dir);
  if (pid !== undefined) terminateSync(pid, 'SIGTERM', STOP_TIMEOUT_MS);
  rmSync(dir, { recursive: true, force: true });
  untrackServerDir(dir);
}
