/**
 * `npm run bench`: how fast `steward pause` stops Steward (issue 7; target under 100 ms).
 *
 * A real `steward host` runs against a real Dovecot, with its model pointed at the Messages API
 * stand-in, which streams a few events of every answer and then holds the connection open: a
 * model call is always in flight. Each try approves a handful of reply drafts at once (each
 * one an APPEND to Drafts), and while they run, types `steward pause` as a user does (a process
 * of the real CLI entry, bin/steward.js). Measured from the moment the command is started:
 *  (a) until the stand-in sees the model call's connection closed;
 *  (b) until the last side effect: the last step the ledger records as executed (its entry is
 *      written after the server answered), or 0 when no step finished after the pause.
 * Both are also given from the moment the host took the pause (its ledger entry), which leaves
 * out the start-up of the CLI's Node process (the entry is written just after the abort is
 * signalled, so that figure can be slightly below zero). After
 *      each try the Drafts folder on the server holds exactly as many drafts as the ledger
 *      says ran, so no step ran unrecorded; the approved steps not yet started wait for the resume
 *      (held), or were refused when the pause came before their approval.
 * The same is measured with the pause sent straight to the host's HTTP API (what the CLI sends,
 * without starting a Node process), and in-engine: the engine in this process, paused through
 * its API, against the same stand-in.
 *
 * Needs `npm run build` (the host and the CLI run the built code) and root (Dovecot's harness).
 * STEWARD_BENCH_STOP_TRIES sets the number of tries per way (default 100).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'vitest';
import { createDispatch, inProcessApi } from '../electron/engine/api/dispatch.js';
import { agentParts, message } from '../test/agent/agent-parts.js';
import { startDovecot, type DovecotServer } from '../test/servers/dovecot.js';
import { buildMail, listMessages, withPeer } from '../test/servers/imap-peer.js';
import { startKeyring } from '../test/servers/keyring.js';
import { startModelStandin, toolUseReply, type StandinReply } from '../test/servers/model-standin.js';
import { hostApi, type Api } from './host-api.js';
import { report } from './measure.js';

const BIN = fileURLToPath(new URL('../bin/steward.js', import.meta.url));
const TRIES = Number(process.env.STEWARD_BENCH_STOP_TRIES ?? 100);
/** Reply drafts approved at once in each try: steps running when the pause lands. */
const APPROVALS = 6;
const KEY = 'sk-ant-bench-stop';
const TARGET_MS = 100;

/** Every answer streams three events, then the stand-in goes quiet with the connection open. */
const stalling = (): StandinReply => ({
  ...toolUseReply('email_draft', { to: ['bob@partner.example'], subject: 'Re', body: 'Yes.', reason: 'He asked.' }),
  stallAfterEvents: 3,
});

interface Try {
  readonly toAbortMs: number;
  readonly toLastEffectMs: number;
  readonly commandMs: number;
  /** From the moment the host took the pause (its ledger entry) to the abort, and to the last step. */
  readonly hostToAbortMs: number;
  readonly hostToLastEffectMs: number;
  /** Steps that finished after the command started, and after the host took the pause. */
  readonly stepsAfterCommand: number;
  readonly stepsAfterHost: number;
  /** Approved steps the pause held (or refused) before they started, and steps it cut short on the wire. */
  readonly refused: number;
  readonly interrupted: number;
}

it('stop latency: steward pause → model call aborted, → last side effect', async () => {
  if (process.getuid?.() !== 0) {
    report('\nStop-latency benchmark skipped: Dovecot needs root (see test/servers/dovecot.ts).');
    return;
  }
  if (!existsSync(fileURLToPath(new URL('../out/main/cli.js', import.meta.url)))) {
    report('\nStop-latency benchmark skipped: run `npm run build` first (the host and the CLI run the built code).');
    return;
  }
  report(`\nStop latency (issue 7; target: under ${TARGET_MS} ms), ${TRIES} tries each`);
  const keyring = await startKeyring();
  const dovecot = await startDovecot();
  const standin = await startModelStandin({ apiKey: KEY });
  standin.respondWith(stalling);
  const dataDir = mkdtempSync(join(tmpdir(), 'steward-bench-stop-'));
  const user = { email: `stop-${randomBytes(4).toString('hex')}@example.test`, password: randomBytes(9).toString('hex') };
  let host: ChildProcess | null = null;
  try {
    await dovecot.addUser(user.email, user.password);
    const questions = 2 * TRIES * APPROVALS;
    await withPeer(dovecot, { user: user.email, password: user.password }, async (client) => {
      for (let i = 0; i < questions; i += 1) {
        const raw = await buildMail({ from: `"Person ${i}" <p${i}@partner.example>`, to: user.email, subject: `Question ${i}`, text: `Hi,\n\nCan you confirm item ${i} by Friday?\n\nThanks` });
        await client.append('INBOX', raw);
      }
    });

    host = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'host'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: keyring.busAddress } });
    const api = await hostApi(dataDir);
    await api('setConfig', { key: 'model.baseUrl', value: standin.url });
    await api('setConfig', { key: 'interruptions.quietHours', value: null });
    await api('setApiKey', { apiKey: KEY });
    await api('addAccount', { kind: 'imap', email: user.email, displayName: 'Bench', host: dovecot.host, port: dovecot.port, tls: false, username: user.email, password: user.password });
    const replies = await waitFor('a reply card for every question', 180_000, async () => {
      const open = (await api('listSuggestions', {})) as { id: string; kind: string }[];
      const found = open.filter((s) => s.kind === 'reply');
      return found.length >= questions ? found.map((s) => s.id) : undefined;
    });
    const drafts = () => draftCount(dovecot, user);

    const ways: [string, () => Promise<unknown>][] = [
      ['`steward pause` (a new CLI process)', () => steward(dataDir, ['pause'])],
      ['pause over the host API (what the CLI sends)', () => api('pause', {})],
    ];
    // The call that has streamed since the first sync is stopped: each try starts with a resume.
    await api('pause', {});
    for (const [name, pause] of ways) {
      const tries: Try[] = [];
      for (let t = 0; t < TRIES; t += 1) {
        const first = standin.requests.length;
        await api('resume');
        // A model call in flight: the job the last pause aborted runs again and streams.
        await standin.waitForEvents(first, 3, 30_000);
        const since = new Date().toISOString();
        const ids = replies.splice(0, APPROVALS);
        const approvals = ids.map((id) => api('approveSuggestion', { id }).catch((error: unknown) => error));
        // Steps are running: the first of them has finished on the server.
        await waitFor('the first approved step', 10_000, async () => ((await executedSince(api, since)).length > 0 ? true : undefined));
        const pausedAtWall = Date.now();
        const pausedAt = performance.now();
        await pause();
        const commandMs = performance.now() - pausedAt;
        const closedAt = await standin.waitForClientClose(first, 10_000);
        const outcomes = await Promise.all(approvals);
        const statusOf = (outcome: unknown) => (outcome instanceof Error ? 'refused' : (outcome as { actions?: { status: string }[] }).actions?.[0]?.status);
        const refused = outcomes.filter((outcome) => ['refused', 'cancelled', 'held'].includes(statusOf(outcome) ?? '')).length;
        const interrupted = outcomes.filter((outcome) => statusOf(outcome) === 'interrupted').length;
        await sleep(200);
        const executed = await executedSince(api, since);
        const [tookPause] = await timesSince(api, 'engine.paused', since);
        if (tookPause === undefined) throw new Error('the ledger has no entry for the pause');
        const after = executed.map((at) => at - pausedAtWall).filter((ms) => ms > 0);
        const afterHost = executed.map((at) => at - tookPause).filter((ms) => ms > 0);
        const closedAtWall = pausedAtWall + (closedAt - pausedAt);
        tries.push({
          toAbortMs: closedAt - pausedAt,
          toLastEffectMs: Math.max(0, ...after),
          commandMs,
          hostToAbortMs: closedAtWall - tookPause,
          hostToLastEffectMs: Math.max(0, ...afterHost),
          stepsAfterCommand: after.length,
          stepsAfterHost: afterHost.length,
          refused,
          interrupted,
        });
        const stored = await drafts();
        const ran = (await executedSince(api, '1970-01-01T00:00:00Z')).length;
        if (stored !== ran) throw new Error(`Drafts holds ${stored} messages but the ledger says ${ran} steps ran`);
      }
      summarise(name, tries);
    }
  } finally {
    host?.kill('SIGTERM');
    await new Promise((resolve) => (host && host.exitCode === null ? host.once('exit', resolve) : resolve(null)));
    await standin.stop();
    await dovecot.stop();
    await keyring.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  await inEngine();
}, 3_600_000);

/** The engine in this process (in memory), paused through its API while a model call streams. */
async function inEngine(): Promise<void> {
  const standin = await startModelStandin({ apiKey: KEY });
  standin.respondWith(stalling);
  try {
    const parts = await agentParts({ baseUrl: standin.url, apiKey: KEY });
    const api = inProcessApi(createDispatch(parts.handlers, 'cli'));
    parts.deliver(message({ at: parts.clock.now() }));
    await parts.agent.planner.planObservations();
    const times: number[] = [];
    for (let t = 0; t < TRIES; t += 1) {
      const first = standin.requests.length;
      if (t > 0) await api.resume();
      const draining = parts.agent.runner.drain();
      await standin.waitForEvents(first, 3, 30_000);
      const pausedAt = performance.now();
      await api.pause({});
      times.push((await standin.waitForClientClose(first, 10_000)) - pausedAt);
      // The runner stops once paused; it is not waited for longer than that takes.
      await Promise.race([draining, sleep(2_000)]);
    }
    line('in-engine: pause → model call aborted', times);
  } finally {
    await standin.stop();
  }
}

function summarise(name: string, tries: readonly Try[]): void {
  report(`  ${name}`);
  line('    (a) → model call aborted', tries.map((t) => t.toAbortMs));
  line('    (b) → last side effect', tries.map((t) => t.toLastEffectMs));
  line('    the pause command itself, start to exit', tries.map((t) => t.commandMs));
  line('    host took the pause → model call aborted', tries.map((t) => t.hostToAbortMs));
  line('    host took the pause → last side effect', tries.map((t) => t.hostToLastEffectMs));
  const steps = (pick: (t: Try) => number) => `${tries.reduce((n, t) => n + pick(t), 0)} in ${tries.filter((t) => pick(t) > 0).length} of ${tries.length} tries`;
  report(`    steps that finished after the command started: ${steps((t) => t.stepsAfterCommand)}; after the host took the pause: ${steps((t) => t.stepsAfterHost)}`);
  report(`    approved steps the pause held (or refused) before they started: ${steps((t) => t.refused)}; cut short on the wire: ${steps((t) => t.interrupted)} (${APPROVALS} approved per try)`);
}

function line(label: string, values: readonly number[]): void {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const max = sorted.at(-1) ?? 0;
  const verdict = (ms: number) => (ms < TARGET_MS ? 'under' : 'over');
  report(`${label.padEnd(52)} median ${median.toFixed(1)} ms (${verdict(median)} ${TARGET_MS})   max ${max.toFixed(1)} ms (${verdict(max)} ${TARGET_MS})`);
}


/** When each step that ran since `since` was recorded as executed (ms since the epoch). */
function executedSince(api: Api, since: string): Promise<number[]> {
  return timesSince(api, 'action.executed', since);
}

/** When each ledger entry of this kind since `since` was written (ms since the epoch, the host's clock: the same machine's). */
async function timesSince(api: Api, kind: string, since: string): Promise<number[]> {
  const entries = (await api('listLedger', { kind, since, limit: 1000 })) as { at: string }[];
  return entries.map((e) => Date.parse(e.at));
}

async function draftCount(dovecot: DovecotServer, user: { email: string; password: string }): Promise<number> {
  return (await listMessages(dovecot, { user: user.email, password: user.password }, 'Drafts')).length;
}

/** The built CLI, started as a user types it. */
function steward(dataDir: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`steward ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}


async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
