/**
 * `npm run bench`: a whole IMAP account through the real host process, against a real Dovecot.
 * For a mailbox of 10,000 and of 50,000 messages (INBOX, Archive and Sent):
 *  - first-sync throughput: headers and body start of every message, stored and seen by the
 *    detectors (target: at least 2,000 messages/s);
 *  - peak RSS of the process that runs the engine (`steward host`), read from /proc from outside
 *    (target: under 150 MB at 50,000), with the idle figure before the account was added;
 *  - from APPEND to the suggestion it causes, median and p95 (target: median under 1 s).
 * Needs `npm run build` (the host runs the built CLI) and root (Dovecot's harness). Sizes can be
 * changed with STEWARD_BENCH_IMAP_SIZES=2000,10000.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'vitest';
import { startDovecot, type DovecotServer } from '../test/servers/dovecot.js';
import { startKeyring } from '../test/servers/keyring.js';
import { buildMail, withPeer } from '../test/servers/imap-peer.js';
import { hostApi } from './host-api.js';
import { report } from './measure.js';

const BIN = fileURLToPath(new URL('../bin/steward.js', import.meta.url));
const SIZES = (process.env.STEWARD_BENCH_IMAP_SIZES ?? '10000,50000').split(',').map(Number);
const ARRIVALS = 20;
/** Long enough for the host to look twice (every 10 s) and find itself quiet after the arrivals. */
const QUIET_MS = 25_000;

it('IMAP first sync, memory and arrival latency against Dovecot', async () => {
  if (process.getuid?.() !== 0) {
    report('\nIMAP sync benchmark skipped: Dovecot needs root (see test/servers/dovecot.ts).');
    return;
  }
  if (!existsSync(fileURLToPath(new URL('../out/main/cli.js', import.meta.url)))) {
    report('\nIMAP sync benchmark skipped: run `npm run build` first (the host runs the built CLI).');
    return;
  }
  report('\nIMAP through `steward host` against Dovecot (targets: ≥ 2,000 msg/s first sync; peak RSS < 150 MB at 50,000; APPEND → suggestion median < 1 s)');
  // The OS keychain, as on a desktop (the encrypted secrets file's key derivation alone holds
  // a few hundred MB for a moment, which is not what this measures).
  const keyring = await startKeyring();
  try {
    for (const size of SIZES) await scenario(size, keyring.busAddress);
  } finally {
    await keyring.stop();
  }
}, 3_600_000);

async function scenario(size: number, busAddress: string): Promise<void> {
  const dovecot = await startDovecot();
  const dataDir = mkdtempSync(join(tmpdir(), 'steward-bench-imap-'));
  const user = { email: `bench-${randomBytes(4).toString('hex')}@example.test`, password: randomBytes(9).toString('hex') };
  let host: ChildProcess | null = null;
  try {
    await dovecot.addUser(user.email, user.password);
    const fillStart = performance.now();
    fillMaildir(dovecot, user.email, size);
    // Dovecot reads a maildir it has not seen on first access: do that outside the measurement.
    await withPeer(dovecot, { user: user.email, password: user.password }, async (client) => {
      for (const path of ['INBOX', 'Archive', 'Sent']) await client.status(path, { messages: true });
    });
    report(`\n${size.toLocaleString('en')} messages (written and indexed by Dovecot in ${((performance.now() - fillStart) / 1000).toFixed(1)} s)`);

    host = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'host'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: busAddress, ...(process.env.STEWARD_BENCH_PROFILE ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.STEWARD_BENCH_PROFILE}` } : {}) } });
    const api = await hostApi(dataDir);
    const rss = sampleRss(host.pid ?? 0);
    await sleep(2_000);
    const idle = rss.current();

    const started = performance.now();
    const cpuBefore = cpuSeconds(host.pid ?? 0);
    await api('addAccount', { kind: 'imap', email: user.email, displayName: 'Bench', host: dovecot.host, port: dovecot.port, tls: false, username: user.email, password: user.password });
    let lastProgress = '';
    for (;;) {
      const [account] = (await api('listAccounts')) as { connection: { state: string; lastSyncAt: string | null; progress?: { done: number; total: number } | null; lastError: string | null } }[];
      const connection = account?.connection;
      if (connection?.progress) lastProgress = `${connection.progress.done.toLocaleString('en')} of ${connection.progress.total.toLocaleString('en')}`;
      if (connection?.state === 'connected' && connection.lastSyncAt && !connection.progress) break;
      if (connection?.lastError && connection.state !== 'syncing') throw new Error(`the account failed: ${connection.lastError}`);
      await sleep(250);
    }
    const seconds = (performance.now() - started) / 1000;
    const afterSync = rss.current();
    const cpu = cpuSeconds(host.pid ?? 0) - cpuBefore;
    report(`  first sync                 ${seconds.toFixed(1)} s   ${Math.round(size / seconds).toLocaleString('en')} messages/s   (last progress seen: ${lastProgress || 'none'})`);
    report(`  host CPU during first sync ${cpu.toFixed(1)} s   ${((cpu / size) * 1000).toFixed(2)} CPU s per 1,000 messages   (user + system; insensitive to other load)`);
    report(`  RSS of steward host        idle ${mb(idle)}   peak during sync ${mb(rss.peak())}   after sync ${mb(afterSync)}   (VmHWM ${mb(rss.hwm())})`);

    const latencies: number[] = [];
    for (let i = 0; i < ARRIVALS; i += 1) {
      const subject = `Budget question ${i} ${randomBytes(3).toString('hex')}`;
      const raw = await buildMail({ from: '"Bob Chen" <bob@partner.example>', to: user.email, subject, text: `Hi,\n\nCan you confirm the budget for item ${i} by Friday?\n\nBob` });
      const t0 = performance.now();
      await withPeer(dovecot, { user: user.email, password: user.password }, (client) => client.append('INBOX', raw));
      for (;;) {
        const suggestions = (await api('listSuggestions', {})) as { title: string }[];
        if (suggestions.some((s) => s.title.includes(subject))) break;
        if (performance.now() - t0 > 30_000) throw new Error(`no suggestion for "${subject}" within 30 s`);
        await sleep(20);
      }
      latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
    report(`  APPEND → suggestion        median ${at(0.5).toFixed(0)} ms   p95 ${at(0.95).toFixed(0)} ms   (${ARRIVALS} arrivals; peak RSS now ${mb(rss.peak())})`);
    // What a user who leaves Steward running meets all day: the host once nothing happens.
    const quietFrom = performance.now();
    await sleep(QUIET_MS);
    report(`  RSS once quiet             ${mb(rss.current())}   (${((performance.now() - quietFrom) / 1000).toFixed(0)} s after the last arrival)`);
    rss.stop();
  } finally {
    host?.kill('SIGTERM');
    await new Promise((resolve) => (host && host.exitCode === null ? host.once('exit', resolve) : resolve(null)));
    await dovecot.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Writes the messages straight into the user's maildir (APPENDing 50,000 would take longer than
 * the sync measured): 60 % INBOX, 30 % Archive, 10 % Sent, a mix of people, newsletters and
 * HTML, 2–6 KB each like real mail.
 */
function fillMaildir(dovecot: DovecotServer, email: string, size: number): void {
  const root = join(dovecot.dir, 'mail', email);
  const folders = { INBOX: root, Archive: join(root, '.Archive'), Sent: join(root, '.Sent') };
  for (const dir of Object.values(folders)) for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, sub), { recursive: true });
  const now = Date.now();
  for (let i = 0; i < size; i += 1) {
    const folder = i % 10 < 6 ? folders.INBOX : i % 10 < 9 ? folders.Archive : folders.Sent;
    const date = new Date(now - (size - i) * 600_000);
    const file = join(folder, 'cur', `${Math.floor(date.getTime() / 1000)}.M${i}P1.bench:2,S`);
    writeFileSync(file, message(i, email, date));
    // A maildir message's INTERNALDATE is its file's time: a year of history arrived over a year.
    utimesSync(file, date, date);
  }
  chownTree(join(dovecot.dir, 'mail'));
}

function message(i: number, email: string, date: Date): string {
  const kind = i % 4;
  const from = kind === 0 ? `"The Weekly ${i % 37}" <news@weekly${i % 37}.example>` : `"Person ${i % 211}" <p${i % 211}@partner.example>`;
  const headers = [
    `Return-Path: <bounce-${i}@mail.example>`,
    `Received: from mx${i % 7}.example (mx${i % 7}.example [192.0.2.${i % 250}]) by mail.example with ESMTPS id ${i}; ${date.toUTCString()}`,
    `From: ${from}`,
    `To: ${email}`,
    `Subject: ${kind === 0 ? `This week in tools, issue ${i}` : `Project update ${i}`}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <bench-${i}@partner.example>`,
    ...(i % 5 === 1 && i > 1 ? [`In-Reply-To: <bench-${i - 1}@partner.example>`, `References: <bench-${i - 1}@partner.example>`] : []),
    ...(kind === 0 ? [`List-Unsubscribe: <https://weekly${i % 37}.example/u/${i}>`, 'Precedence: bulk'] : []),
    'MIME-Version: 1.0',
  ];
  const paragraph = 'Here is where things stand on the project. The team finished the review and the next steps are on the board. ';
  if (kind === 2) {
    const html = `<html><body><p>${paragraph.repeat(6)}</p><img src="https://track.example/p/${i}.gif" width="1" height="1"></body></html>`;
    return [...headers, 'Content-Type: text/html; charset=utf-8', '', html, ''].join('\r\n');
  }
  return [...headers, 'Content-Type: text/plain; charset=utf-8', '', paragraph.repeat(10 + (i % 30)), ''].join('\r\n');
}

function chownTree(dir: string): void {
  // Dovecot's mail processes run as nobody:nogroup (see test/servers/dovecot.ts).
  chownSync(dir, 65534, 65534);
  if (!statSync(dir).isDirectory()) return;
  for (const name of readdirSync(dir)) chownTree(join(dir, name));
}



/** Reads the process's resident set from /proc every 100 ms: from outside, as `top` would. */
function sampleRss(pid: number) {
  const read = (field: 'VmRSS' | 'VmHWM'): number => {
    try {
      const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return match?.[1] ? Number(match[1]) * 1024 : 0;
    } catch {
      return 0;
    }
  };
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, read('VmRSS'))), 100);
  return { current: () => read('VmRSS'), peak: () => Math.max(peak, read('VmRSS')), hwm: () => read('VmHWM'), stop: () => clearInterval(timer) };
}

/**
 * The process's user + system CPU time in seconds, from /proc/PID/stat (fields 14 and 15, in
 * clock ticks of 1/100 s on Linux): unlike wall-clock throughput, it does not drop when other
 * work shares the machine's cores.
 */
function cpuSeconds(pid: number): number {
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
