/**
 * The anchor outside the database: every way of rewriting the database file itself, with the
 * chain and its stored head made consistent again (what an attacker with the file would do),
 * is caught against the end kept in the secret store.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { composeEngine, type EngineParts } from '../compose.js';
import { openDatabase, type Db } from '../db/database.js';
import { engineSchema } from '../schema.js';
import { MemorySecretStore } from '../secrets/memory-secret-store.js';
import { ManualClock } from '../testing/memory-engine-parts.js';
import { SecretStoreAnchor, checkAnchor } from './anchor.js';
import { hashRow, type ChainRow } from './chain.js';

const dirs: string[] = [];
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function newDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'steward-anchor-'));
  dirs.push(dir);
  return dir;
}

/** An engine's parts on the data folder `dir`, anchoring into `secrets`, as a host starts them. */
async function openAt(dir: string, secrets: MemorySecretStore): Promise<EngineParts> {
  const db = openDatabase(join(dir, 'steward.db'), engineSchema());
  open.push(db);
  const parts = composeEngine({ db, clock: new ManualClock(), secrets, mode: 'host', watch: false, ledgerAnchor: new SecretStoreAnchor(secrets, dir) });
  await parts.ledger.startAnchoring();
  return parts;
}

async function appendSome(parts: EngineParts, n: number, label = 'step'): Promise<void> {
  for (let i = 0; i < n; i++) parts.ledger.append({ kind: 'gate.asked', actor: 'engine', summary: `${label} ${i}` });
  await parts.ledger.flushAnchor();
}

async function close(parts: EngineParts): Promise<void> {
  await parts.ledger.flushAnchor();
  parts.db.close();
}

/** Rewrites the last entry in place, re-hashed, and the stored head with it: the chain alone verifies. */
function rewriteLastEntry(db: Db, summary: string): void {
  db.exec('DROP TRIGGER ledger_no_update;');
  const last = db.prepare('SELECT * FROM ledger ORDER BY seq DESC LIMIT 1').get() as ChainRow;
  const forged = { ...last, summary };
  const hash = hashRow(forged);
  db.prepare('UPDATE ledger SET summary = ?, hash = ? WHERE seq = ?').run(summary, hash, last.seq);
  db.prepare(`UPDATE settings SET value = ? WHERE key = 'ledger.head'`).run(JSON.stringify({ seq: last.seq, hash }));
}

describe('checkAnchor', () => {
  const hashes = new Map([
    [1, 'a'],
    [2, 'b'],
  ]);
  it.each([
    { name: 'the anchored entry is there', anchor: { seq: 2, hash: 'b' }, last: 2, ok: true },
    { name: 'the database went on after the anchor (a crash before the anchor caught up)', anchor: { seq: 1, hash: 'a' }, last: 2, ok: true },
    { name: 'the database ends before the anchor', anchor: { seq: 3, hash: 'c' }, last: 2, ok: false },
    { name: 'the anchored entry has another hash', anchor: { seq: 2, hash: 'x' }, last: 2, ok: false },
  ])('$name', ({ anchor, last, ok }) => {
    expect(checkAnchor(anchor, last, (seq) => hashes.get(seq)).ok).toBe(ok);
  });
});

describe('the ledger anchored outside the database', () => {
  it('follows each append, and an intact ledger verifies against it', async () => {
    const dir = newDir();
    const secrets = new MemorySecretStore();
    const parts = await openAt(dir, secrets);
    await appendSome(parts, 3);
    const anchored = JSON.parse((await secrets.get(new SecretStoreAnchor(secrets, dir).key)) ?? 'null') as { seq: number };
    expect(anchored.seq).toBe(3);
    expect(await parts.ledger.verify()).toMatchObject({ ok: true, checked: 3, anchor: { state: 'matches', seq: 3 } });
  });

  it('catches the last entry edited and re-hashed with the stored head updated too', async () => {
    const dir = newDir();
    const secrets = new MemorySecretStore();
    const parts = await openAt(dir, secrets);
    await appendSome(parts, 4);
    rewriteLastEntry(parts.db, 'nothing was archived');
    expect(await parts.ledger.verify()).toMatchObject({ ok: false, firstBad: { seq: 4, reason: expect.stringMatching(/not the one Steward wrote/) as string }, anchor: { state: 'mismatch' } });
  });

  it('catches a rollback to an older copy of the database file', async () => {
    const dir = newDir();
    const secrets = new MemorySecretStore();
    const first = await openAt(dir, secrets);
    await appendSome(first, 3, 'before');
    first.db.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(join(dir, 'steward.db'), join(dir, 'older.db'));
    await appendSome(first, 3, 'after');
    await close(first);
    rmSync(join(dir, 'steward.db-wal'), { force: true });
    rmSync(join(dir, 'steward.db-shm'), { force: true });
    copyFileSync(join(dir, 'older.db'), join(dir, 'steward.db'));

    const reopened = await openAt(dir, secrets);
    expect(await reopened.ledger.verify()).toMatchObject({ ok: false, firstBad: { seq: 4, reason: expect.stringMatching(/rolled back to an older copy/) as string } });
    // The engine does not bless the rolled-back file by moving the anchor on its next entries.
    await appendSome(reopened, 5, 'later');
    expect(await reopened.ledger.verify()).toMatchObject({ ok: false, firstBad: { seq: 6 } });

    // Restored on purpose: the user accepts it, and the ledger itself says so.
    expect(await reopened.ledger.accept('user:cli')).toMatchObject({ ok: true, anchor: { state: 'matches', seq: 9 } });
    expect(reopened.ledger.list({ limit: 1 })[0]).toMatchObject({ kind: 'ledger.accepted', actor: 'user:cli', detail: { previousAnchorSeq: 6, previousState: 'mismatch' } });
    await appendSome(reopened, 1, 'after');
    expect(await reopened.ledger.verify()).toMatchObject({ ok: true, anchor: { state: 'matches', seq: 10 } });
  });

  it('catches the whole file replaced by another with a valid chain of its own', async () => {
    const dir = newDir();
    const secrets = new MemorySecretStore();
    const real = await openAt(dir, secrets);
    await appendSome(real, 2);
    await close(real);
    // A forged data folder built elsewhere, then put in place of the real one.
    const elsewhere = newDir();
    const forged = await openAt(elsewhere, new MemorySecretStore());
    await appendSome(forged, 5, 'forged');
    await close(forged);
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, `steward.db${suffix}`), { force: true });
    copyFileSync(join(elsewhere, 'steward.db'), join(dir, 'steward.db'));

    const reopened = await openAt(dir, secrets);
    expect(await reopened.ledger.verify()).toMatchObject({ ok: false, firstBad: { seq: 2, reason: expect.stringMatching(/rewritten or replaced/) as string } });
  });

  it('catches a re-hashed mid-chain insert that keeps the length (the tail rewritten to fit)', async () => {
    const dir = newDir();
    const secrets = new MemorySecretStore();
    const parts = await openAt(dir, secrets);
    await appendSome(parts, 3);
    // Replace entries 2.. with a forged run that links and hashes correctly.
    const { db } = parts;
    db.exec('DROP TRIGGER ledger_no_update;');
    const rows = db.prepare('SELECT * FROM ledger ORDER BY seq').all() as ChainRow[];
    let prev = rows[0]?.hash ?? '';
    for (const row of rows.slice(1)) {
      const forged = { ...row, summary: `inserted ${row.seq}`, prev_hash: prev };
      const hash = hashRow(forged);
      db.prepare('UPDATE ledger SET summary = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(forged.summary, prev, hash, row.seq);
      prev = hash;
    }
    db.prepare(`UPDATE settings SET value = ? WHERE key = 'ledger.head'`).run(JSON.stringify({ seq: 3, hash: prev }));
    expect(await parts.ledger.verify()).toMatchObject({ ok: false, firstBad: { seq: 3 }, anchor: { state: 'mismatch' } });
  });

  it('says when the anchor cannot be read, without failing the chain check', async () => {
    const dir = newDir();
    const secrets = new MemorySecretStore();
    const parts = await openAt(dir, secrets);
    await appendSome(parts, 1);
    secrets.get = () => Promise.reject(new Error('the keychain is locked'));
    expect(await parts.ledger.verify()).toMatchObject({ ok: true, anchor: { state: 'unavailable', detail: 'the keychain is locked' } });
  });
});
