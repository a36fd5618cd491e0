/**
 * Crash consistency with real kills: a real engine in its own process, against the run's
 * Dovecot, killed with SIGKILL (no handler, no clean-up) while it archives mail and while it
 * undoes that. After each restart, what the database says must be what the server shows:
 * - mail in Archive ⇔ the action is done, with exactly one `action.executed` entry;
 * - mail back in INBOX after an undo ⇔ the action is undone, with its `action.undone` entry
 *   (an undo cut short is checked on the server at start-up, like an interrupted step);
 * - no message lost or duplicated, and the ledger's chain verifies.
 * The kill lands at a random moment of the step (the delays vary per round), so between them
 * the rounds cover "before the server moved", "server moved, nothing recorded" and "recorded".
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain, type ChainHead, type ChainRow } from '../../electron/engine/ledger/chain.js';
import { accountInput, newsletter, startTestEngine, tempDataDir } from '../engine-fixture.js';
import { createImapUser, type ImapUser } from '../fixtures.js';
import { buildMail, listMessages, withPeer } from '../servers/imap-peer.js';
import { waitUntil } from '../wait-until.js';
import { killAllEngines, startKillableEngine } from './killable-engine.js';

const MESSAGES = 60;
const dirs: string[] = [];
afterEach(async () => {
  await killAllEngines();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Prepared {
  readonly dataDir: string;
  readonly user: ImapUser;
  readonly suggestionId: string;
  readonly actionId: string;
}

/** A data folder with one account and one "Archive N newsletters" suggestion, the engine stopped. */
async function prepare(): Promise<Prepared> {
  const user = await createImapUser();
  const dataDir = tempDataDir();
  dirs.push(dataDir);
  await withPeer(user.server, user, async (client) => {
    for (let i = 0; i < MESSAGES; i++) await client.append('INBOX', await buildMail({ ...newsletter(i), to: user.email }));
  });
  const harness = startTestEngine({ dataDir });
  const api = harness.engine.apiFor('ui');
  await api.addAccount(accountInput(user));
  const archive = await waitUntil('the archive suggestion', async () => (await api.listSuggestions()).find((s) => s.title === `Archive ${MESSAGES} newsletters`), 20_000);
  await harness.engine.stop();
  return { dataDir, user, suggestionId: archive.id, actionId: archive.actions[0]?.id ?? '' };
}

interface Row {
  readonly status: string;
  readonly undo_started_at: string | null;
}

function readState(dataDir: string, actionId: string): { row: Row; kinds: string[]; ledgerOk: boolean } {
  const db = new Database(join(dataDir, 'steward.db'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT status, undo_started_at FROM actions WHERE id = ?').get(actionId) as Row;
    const kinds = (db.prepare('SELECT kind FROM ledger WHERE action_id = ? ORDER BY seq').all(actionId) as { kind: string }[]).map((r) => r.kind);
    const headRow = db.prepare(`SELECT value FROM settings WHERE key = 'ledger.head'`).get() as { value: string } | undefined;
    const head = headRow ? (JSON.parse(headRow.value) as ChainHead) : undefined;
    const ledgerOk = verifyChain(db.prepare('SELECT * FROM ledger ORDER BY seq').all() as ChainRow[], head).ok;
    return { row, kinds, ledgerOk };
  } finally {
    db.close();
  }
}

/** Null when database and server agree; otherwise what disagrees, in words. */
async function disagreement(p: Prepared): Promise<string | null> {
  const inbox = (await listMessages(p.user.server, p.user, 'INBOX')).length;
  const archived = (await listMessages(p.user.server, p.user, 'Archive')).length;
  const { row, kinds, ledgerOk } = readState(p.dataDir, p.actionId);
  const count = (kind: string) => kinds.filter((k) => k === kind).length;
  const state = `status ${row.status}, undo started ${row.undo_started_at ?? 'no'}, INBOX ${inbox}, Archive ${archived}, entries ${kinds.join(' ')}`;
  if (!ledgerOk) return `the ledger does not verify (${state})`;
  if (inbox + archived !== MESSAGES) return `messages were lost or duplicated (${state})`;
  if (row.undo_started_at !== null) return `an undo is still unreconciled (${state})`;
  if (row.status === 'running' || row.status === 'approved') return `the step is still ${row.status} (${state})`;
  if (row.status === 'done') return archived === MESSAGES && count('action.executed') === 1 ? null : `done does not match the server or the ledger (${state})`;
  if (row.status === 'undone') return inbox === MESSAGES && count('action.executed') === 1 && count('action.undone') === 1 ? null : `undone does not match (${state})`;
  return archived === 0 && count('action.executed') === 0 ? null : `mail moved but the step is ${row.status} (${state})`;
}

/** When to kill: as soon as the database shows the step under way, or as soon as the server shows its effect. */
type KillPoint = 'started' | 'server-did-it';

/**
 * Polls tightly (the window is milliseconds) until the kill point, then SIGKILLs. "server-did-it"
 * watches the folder the step moves mail into over a connection of its own, and kills the moment
 * the first message arrives: the engine has not yet heard the server's answer, let alone recorded it.
 */
async function killAt(p: Prepared, kill: () => Promise<void>, point: KillPoint, started: (row: Row) => boolean, destination: string, delayMs = 0): Promise<void> {
  const deadline = Date.now() + 20_000;
  const tooLate = () => {
    if (Date.now() > deadline) throw new Error(`the step never reached the kill point (${point})`);
  };
  if (point === 'started') {
    while (!started(readState(p.dataDir, p.actionId).row)) {
      tooLate();
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  } else {
    await withPeer(p.user.server, p.user, async (client) => {
      for (;;) {
        const status = await client.status(destination, { messages: true });
        if (status && (status.messages ?? 0) > 0) return;
        tooLate();
      }
    });
  }
  await kill();
}

async function agreesAfterRestart(p: Prepared): Promise<string> {
  let last: string | null = 'not checked yet';
  await waitUntil('the restarted engine to agree with the server', async () => {
    last = await disagreement(p);
    return last === null;
  }, 20_000).catch(() => {
    throw new Error(`after the restart: ${last}`);
  });
  return readState(p.dataDir, p.actionId).row.status;
}

describe('crash consistency under SIGKILL, against Dovecot', () => {
  it.each<{ approveAt: KillPoint; undoAt: KillPoint }>([
    { approveAt: 'started', undoAt: 'started' },
    { approveAt: 'server-did-it', undoAt: 'server-did-it' },
  ])('an approval killed when $approveAt and its undo killed when $undoAt leave database, ledger and server in agreement', async ({ approveAt, undoAt }) => {
    const p = await prepare();

    const first = await startKillableEngine(p.dataDir);
    first.send({ op: 'approve', id: p.suggestionId });
    await killAt(p, () => first.kill(), approveAt, (row) => row.status !== 'proposed', 'Archive');

    const second = await startKillableEngine(p.dataDir);
    let status = await agreesAfterRestart(p);
    if (status !== 'done') {
      // Nothing moved (or the step was refused): approving again runs it, once.
      second.send({ op: 'approve', id: p.suggestionId });
      await second.answer('approve');
      status = await agreesAfterRestart(p);
    }
    expect(status).toBe('done');

    second.send({ op: 'undo', id: p.actionId });
    await killAt(p, () => second.kill(), undoAt, (row) => row.undo_started_at !== null || row.status === 'undone', 'INBOX');

    const third = await startKillableEngine(p.dataDir);
    const afterUndo = await agreesAfterRestart(p);
    // Killed once the server had moved the mail back, the undo must be found and recorded.
    expect(afterUndo).toEqual(undoAt === 'server-did-it' ? 'undone' : expect.stringMatching(/^(done|undone)$/));
    await third.stop();
  }, 120_000);

  /**
   * The loop: one data folder, round after round of fresh mail, each approval and each undo
   * killed at a random moment after it started. STEWARD_CRASH_ROUNDS=100 runs the loop
   * (about 20 minutes here); the default keeps the suite short.
   */
  const rounds = Number(process.env.STEWARD_CRASH_ROUNDS ?? 2);
  it(`${rounds} rounds of kills at random moments, in one data folder: nothing runs twice, nothing is lost`, async () => {
    const p = await prepare();
    const user = p.user;
    let current: Prepared = p;
    let engine = await startKillableEngine(p.dataDir);
    for (let round = 0; round < rounds; round++) {
      if (round > 0) {
        // Fresh mail, so a fresh suggestion: the engine that runs sees it arrive.
        // The last round's mail goes (wherever it ended up); fresh mail takes its place.
        await withPeer(user.server, user, async (client) => {
          for (const mailbox of ['INBOX', 'Archive']) {
            const box = await client.mailboxOpen(mailbox);
            if (box.exists > 0) await client.messageDelete('1:*');
          }
          for (let i = 0; i < MESSAGES; i++) await client.append('INBOX', await buildMail({ ...newsletter(1000 * round + i), to: user.email }));
        });
        const db = () => new Database(join(p.dataDir, 'steward.db'), { readonly: true, fileMustExist: true });
        const fresh = await waitUntil('a fresh archive suggestion', () => {
          const handle = db();
          try {
            return handle
              .prepare(`SELECT s.id AS suggestionId, a.id AS actionId FROM suggestions s JOIN actions a ON a.suggestion_id = s.id WHERE s.status = 'pending' AND s.title = ? ORDER BY s.created_at DESC LIMIT 1`)
              .get(`Archive ${MESSAGES} newsletters`) as { suggestionId: string; actionId: string } | undefined;
          } finally {
            handle.close();
          }
        }, 30_000);
        current = { ...p, ...fresh };
      }
      const target = current;
      engine.send({ op: 'approve', id: target.suggestionId });
      await killAt(target, () => engine.kill(), 'started', (row) => row.status !== 'proposed', 'Archive', Math.random() * 150);
      engine = await startKillableEngine(p.dataDir);
      if ((await agreesAfterRestart(target)) !== 'done') {
        engine.send({ op: 'approve', id: target.suggestionId });
        await engine.answer('approve');
        expect(await agreesAfterRestart(target)).toBe('done');
      }
      engine.send({ op: 'undo', id: target.actionId });
      await killAt(target, () => engine.kill(), 'started', (row) => row.undo_started_at !== null || row.status === 'undone', 'INBOX', Math.random() * 150);
      engine = await startKillableEngine(p.dataDir);
      expect(['done', 'undone']).toContain(await agreesAfterRestart(target));
    }
    await engine.stop();
  }, 120_000 + rounds * 30_000);
});
