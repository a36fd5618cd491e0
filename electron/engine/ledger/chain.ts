/**
 * The ledger's hash chain, as pure functions. Each entry's hash covers its own fields and the
 * previous entry's hash, so editing or deleting any row breaks every hash after it; the stored
 * head (the last seq and hash) catches a deleted tail.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The stored form of an entry: exactly the columns the hash covers, as text. */
export interface ChainRow {
  readonly seq: number;
  readonly at: string;
  readonly kind: string;
  readonly actor: string;
  readonly summary: string;
  readonly capability: string | null;
  readonly account_id: string | null;
  readonly suggestion_id: string | null;
  readonly action_id: string | null;
  readonly detail_json: string;
  readonly prev_hash: string;
  readonly hash: string;
}

export type UnhashedRow = Omit<ChainRow, 'hash'>;

export function hashRow(row: UnhashedRow): string {
  // A JSON array fixes field order and escapes separators, so no two rows hash the same text.
  const text = JSON.stringify([
    row.seq,
    row.at,
    row.kind,
    row.actor,
    row.summary,
    row.capability,
    row.account_id,
    row.suggestion_id,
    row.action_id,
    row.detail_json,
    row.prev_hash,
  ]);
  return createHash('sha256').update(text).digest('hex');
}

export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export type ChainCheck = { readonly ok: true; readonly checked: number } | { readonly ok: false; readonly checked: number; readonly seq: number; readonly reason: string };

/** Verifies rows given in seq order against each other and against the recorded head. */
export function verifyChain(rows: Iterable<ChainRow>, head: ChainHead | undefined): ChainCheck {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (const row of rows) {
    if (row.seq !== expectedSeq) {
      return { ok: false, checked, seq: expectedSeq, reason: `entry ${expectedSeq} is missing (next entry found is ${row.seq})` };
    }
    if (row.prev_hash !== prevHash) {
      return { ok: false, checked, seq: row.seq, reason: `entry ${row.seq} does not follow entry ${row.seq - 1} (its link to the previous hash is wrong)` };
    }
    if (hashRow(row) !== row.hash) {
      return { ok: false, checked, seq: row.seq, reason: `entry ${row.seq} was changed after it was written (its hash does not match its content)` };
    }
    prevHash = row.hash;
    expectedSeq += 1;
    checked += 1;
  }
  const lastSeq = expectedSeq - 1;
  const headSeq = head?.seq ?? 0;
  if (headSeq > lastSeq) {
    return { ok: false, checked, seq: lastSeq + 1, reason: `entries ${lastSeq + 1} to ${headSeq} were deleted` };
  }
  if (headSeq < lastSeq) {
    return { ok: false, checked, seq: headSeq + 1, reason: `entry ${headSeq + 1} was added outside Steward (it is past the recorded end of the ledger)` };
  }
  if (head && head.hash !== prevHash) {
    return { ok: false, checked, seq: lastSeq, reason: `entry ${lastSeq} does not match the recorded end of the ledger` };
  }
  return { ok: true, checked };
}
