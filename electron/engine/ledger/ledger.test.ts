import { describe, expect, it } from 'vitest';
import { memoryParts } from '../testing/memory-engine-parts.js';
import { GENESIS_HASH, hashRow, verifyChain, type ChainRow } from './chain.js';

function chain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const unhashed = {
      seq,
      at: `2026-11-25T09:00:0${seq}Z`,
      kind: 'gate.asked',
      actor: 'engine',
      summary: `entry ${seq}`,
      capability: null,
      account_id: null,
      suggestion_id: null,
      action_id: null,
      detail_json: '{}',
      prev_hash: prev,
    };
    const row = { ...unhashed, hash: hashRow(unhashed) };
    rows.push(row);
    prev = row.hash;
  }
  return rows;
}

const head = (rows: ChainRow[]) => ({ seq: rows.at(-1)?.seq ?? 0, hash: rows.at(-1)?.hash ?? GENESIS_HASH });

describe('verifyChain', () => {
  const rows = chain(5);
  const [r1, r2, r3, r4, r5] = rows as [ChainRow, ChainRow, ChainRow, ChainRow, ChainRow];
  const cases: { name: string; rows: ChainRow[]; head: { seq: number; hash: string } | undefined; badSeq: number | null }[] = [
    { name: 'an intact chain', rows, head: head(rows), badSeq: null },
    { name: 'an empty ledger', rows: [], head: undefined, badSeq: null },
    { name: 'an edited summary', rows: rows.map((r) => (r.seq === 3 ? { ...r, summary: 'nothing happened' } : r)), head: head(rows), badSeq: 3 },
    { name: 'an edited and re-hashed row', rows: rows.map((r) => (r.seq === 2 ? { ...r, summary: 'x', hash: hashRow({ ...r, summary: 'x' }) } : r)), head: head(rows), badSeq: 3 },
    { name: 'a deleted middle row', rows: rows.filter((r) => r.seq !== 2), head: head(rows), badSeq: 2 },
    { name: 'a deleted last row', rows: rows.slice(0, 4), head: head(rows), badSeq: 5 },
    { name: 'a row appended outside Steward', rows: chain(6), head: head(rows), badSeq: 6 },
    { name: 'two rows swapped (reordered)', rows: [r1, r3, r2, r4, r5], head: head(rows), badSeq: 2 },
    { name: 'two rows swapped and renumbered', rows: [r1, { ...r3, seq: 2 }, { ...r2, seq: 3 }, r4, r5], head: head(rows), badSeq: 2 },
    { name: 'a row inserted mid-chain and the rest renumbered', rows: [r1, r2, { ...r3, summary: 'forged' }, ...rows.slice(2).map((r) => ({ ...r, seq: r.seq + 1 }))], head: head(rows), badSeq: 3 },
    {
      // Whoever re-hashes the last entry after editing it still meets the stored head.
      name: 'the last row edited and re-hashed',
      rows: rows.map((r) => (r.seq === 5 ? { ...r, summary: 'nothing happened', hash: hashRow({ ...r, summary: 'nothing happened' }) } : r)),
      head: head(rows),
      badSeq: 5,
    },
  ];
  it.each(cases)('$name', ({ rows: given, head: h, badSeq }) => {
    const result = verifyChain(given, h);
    expect(result.ok).toBe(badSeq === null);
    if (!result.ok) expect(result.seq).toBe(badSeq);
  });
});

describe('Ledger', () => {
  it('appends hash-chained entries and verifies them', async () => {
    const { ledger } = memoryParts();
    ledger.append({ kind: 'engine.paused', actor: 'user:cli', summary: 'Paused' });
    const second = ledger.append({ kind: 'engine.resumed', actor: 'user:ui', summary: 'Resumed', detail: { why: 'test' } });
    expect(second.seq).toBe(2);
    expect(ledger.list({ limit: 10 }).map((e) => e.kind)).toEqual(['engine.resumed', 'engine.paused']);
    expect(await ledger.verify()).toMatchObject({ ok: true, checked: 2, firstBad: null });
  });

  it('refuses updates and deletes in SQL', () => {
    const { ledger, db } = memoryParts();
    ledger.append({ kind: 'engine.paused', actor: 'user:cli', summary: 'Paused' });
    expect(() => db.prepare(`UPDATE ledger SET summary = 'x'`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM ledger').run()).toThrow(/append-only/);
  });

  it('names the first bad entry when someone drops the triggers and edits or deletes rows', async () => {
    const { ledger, db } = memoryParts();
    for (let i = 0; i < 4; i++) ledger.append({ kind: 'gate.asked', actor: 'engine', summary: `step ${i}` });
    db.exec('DROP TRIGGER ledger_no_update; DROP TRIGGER ledger_no_delete;');
    db.prepare(`UPDATE ledger SET summary = 'harmless' WHERE seq = 2`).run();
    expect(await ledger.verify()).toMatchObject({ ok: false, firstBad: { seq: 2 } });

    const { ledger: other, db: otherDb } = memoryParts();
    for (let i = 0; i < 4; i++) other.append({ kind: 'gate.asked', actor: 'engine', summary: `step ${i}` });
    otherDb.exec('DROP TRIGGER ledger_no_delete;');
    otherDb.prepare('DELETE FROM ledger WHERE seq = 4').run();
    expect(await other.verify()).toMatchObject({ ok: false, firstBad: { seq: 4 } });
  });
});

describe('Ledger.list filters and pages', () => {
  function filled() {
    const parts = memoryParts();
    const add = (kind: Parameters<typeof parts.ledger.append>[0]['kind'], actor: string, more: Partial<Parameters<typeof parts.ledger.append>[0]> = {}) => {
      parts.ledger.append({ kind, actor, summary: `${kind} by ${actor}`, ...more });
      parts.clock.advance(60_000);
    };
    add('gate.asked', 'detector:newsletters', { capability: 'email.archive' });
    add('gate.allowed', 'user:ui', { capability: 'email.archive' });
    add('action.executed', 'user:ui', { capability: 'email.archive' });
    add('gate.refused', 'user:cli', { capability: 'email.send' });
    add('grant.changed', 'user:web', { capability: 'email.send', detail: { app: 'imap', from: 'ask', to: 'deny' } });
    add('engine.paused', 'breaker');
    return parts;
  }
  const seqs = (entries: { seq: number }[]) => entries.map((e) => e.seq);

  it.each([
    { name: 'a decision', query: { decision: 'refused' as const }, expected: [4] },
    { name: 'a kind family', query: { kind: 'gate' }, expected: [4, 2, 1] },
    { name: 'a capability', query: { capability: 'email.send' as const }, expected: [5, 4] },
    { name: 'an actor prefix', query: { actor: 'user' }, expected: [5, 4, 3, 2] },
    { name: 'an exact actor', query: { actor: 'user:ui' }, expected: [3, 2] },
    { name: 'a prefix that is not a whole part', query: { actor: 'use' }, expected: [] },
    { name: 'a time window', query: { since: '2026-11-25T09:01:00Z', until: '2026-11-25T09:03:00Z' }, expected: [3, 2] },
    { name: 'an app', query: { app: 'imap' as const }, expected: [5] },
    { name: 'several at once', query: { actor: 'user', capability: 'email.archive' as const }, expected: [3, 2] },
  ])('by $name', ({ query, expected }) => {
    expect(seqs(filled().ledger.list({ limit: 50, ...query }))).toEqual(expected);
  });

  it('pages newest first before an entry, or oldest first after one', () => {
    const { ledger } = filled();
    expect(seqs(ledger.list({ limit: 2 }))).toEqual([6, 5]);
    expect(seqs(ledger.list({ limit: 2, beforeSeq: 5 }))).toEqual([4, 3]);
    expect(seqs(ledger.list({ limit: 2, afterSeq: 0 }))).toEqual([1, 2]);
    expect(seqs(ledger.list({ limit: 10, afterSeq: 4, actor: 'user' }))).toEqual([5]);
  });
});
