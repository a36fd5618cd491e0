/**
 * The ledger's head kept outside the database: in the OS keychain, or the encrypted secrets file
 * on a headless host. The chain proves that no entry was changed relative to the others, and the
 * head stored in the database catches a deleted tail; but whoever can rewrite the database can
 * rewrite both, or put back an older copy of the file, or a whole new one. The anchor is the
 * part they cannot reach with the database: a copy of the last (seq, hash) that Steward wrote.
 *
 * It is written after each append, off the hot path (coalesced, latest wins), so it may lag the
 * database by the last few entries after a crash, never lead it. That fixes what the check can
 * say: the database must contain the anchored entry, with the anchored hash. A database that
 * ends before it was rolled back (or replaced by a shorter one); one whose entry there has
 * another hash was rewritten or replaced.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { SecretStore } from '../secrets/secret-store.js';
import type { ChainHead } from './chain.js';

export interface LedgerAnchorStore {
  read(): Promise<ChainHead | null>;
  write(head: ChainHead): Promise<void>;
}

/** One anchor per data folder, named from its path: a replaced file at that path meets the old anchor. */
export class SecretStoreAnchor implements LedgerAnchorStore {
  readonly key: string;

  constructor(
    private readonly secrets: SecretStore,
    dataDir: string,
  ) {
    this.key = `ledger-anchor:${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 32)}`;
  }

  async read(): Promise<ChainHead | null> {
    const text = await this.secrets.get(this.key);
    if (text === null) return null;
    const parsed = JSON.parse(text) as Partial<ChainHead>;
    if (typeof parsed.seq !== 'number' || typeof parsed.hash !== 'string') throw new Error(`the ledger anchor in the keychain is not readable (${this.key})`);
    return { seq: parsed.seq, hash: parsed.hash };
  }

  write(head: ChainHead): Promise<void> {
    return this.secrets.set(this.key, JSON.stringify({ seq: head.seq, hash: head.hash }));
  }
}

export type AnchorCheck = { readonly ok: true } | { readonly ok: false; readonly seq: number; readonly reason: string };

/**
 * Pure: does a database whose chain ends at `lastSeq` (already verified link by link) agree
 * with the anchor? `hashAt` gives the stored hash of an entry.
 */
export function checkAnchor(anchor: ChainHead, lastSeq: number, hashAt: (seq: number) => string | undefined): AnchorCheck {
  if (anchor.seq > lastSeq) {
    return {
      ok: false,
      seq: lastSeq + 1,
      reason:
        `the ledger ends at entry ${lastSeq}, but Steward had written up to entry ${anchor.seq} (its end is kept in the keychain): ` +
        'the database was rolled back to an older copy or replaced',
    };
  }
  if (anchor.seq > 0 && hashAt(anchor.seq) !== anchor.hash) {
    return {
      ok: false,
      seq: anchor.seq,
      reason: `entry ${anchor.seq} is not the one Steward wrote (the keychain keeps its hash): the database was rewritten or replaced`,
    };
  }
  return { ok: true };
}
