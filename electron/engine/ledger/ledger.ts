import type { CapabilityId } from '@shared/domain/capabilities.js';
import type { LedgerEntry, LedgerKind, LedgerVerification } from '@shared/domain/types.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { SettingsStore } from '../db/settings.js';
import type { EventBus } from '../event-bus.js';
import { GENESIS_HASH, hashRow, verifyChain, type ChainHead, type ChainRow, type UnhashedRow } from './chain.js';

export interface LedgerInput {
  readonly kind: LedgerKind;
  readonly actor: string;
  readonly summary: string;
  readonly capability?: CapabilityId | null;
  readonly accountId?: string | null;
  readonly suggestionId?: string | null;
  readonly actionId?: string | null;
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface LedgerQuery {
  readonly limit: number;
  readonly beforeSeq?: number | undefined;
  readonly kind?: string | undefined;
}

const HEAD_KEY = 'ledger.head';

/** Append-only, hash-chained record of every gate decision, approval, execution and undo. */
export class Ledger {
  constructor(
    private readonly db: Db,
    private readonly settings: SettingsStore,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  /**
   * Runs `change` (a state change and the entries that record it) in one transaction: a kill at
   * any moment leaves both or neither, so nothing is done without its entry and no entry claims
   * what did not happen. Entries appended inside join the same transaction.
   */
  atomically<T>(change: () => T): T {
    return this.db.transaction(change).immediate();
  }

  append(input: LedgerInput): LedgerEntry {
    const row = this.db.transaction((): ChainRow => {
      const head = this.settings.get<ChainHead>(HEAD_KEY);
      const unhashed: UnhashedRow = {
        seq: (head?.seq ?? 0) + 1,
        at: this.clock.now().toISOString(),
        kind: input.kind,
        actor: input.actor,
        summary: input.summary,
        capability: input.capability ?? null,
        account_id: input.accountId ?? null,
        suggestion_id: input.suggestionId ?? null,
        action_id: input.actionId ?? null,
        detail_json: JSON.stringify(input.detail ?? {}),
        prev_hash: head?.hash ?? GENESIS_HASH,
      };
      const hashed: ChainRow = { ...unhashed, hash: hashRow(unhashed) };
      this.db
        .prepare(
          `INSERT INTO ledger (seq, at, kind, actor, summary, capability, account_id, suggestion_id, action_id, detail_json, prev_hash, hash)
           VALUES (@seq, @at, @kind, @actor, @summary, @capability, @account_id, @suggestion_id, @action_id, @detail_json, @prev_hash, @hash)`,
        )
        .run(hashed);
      this.settings.set(HEAD_KEY, { seq: hashed.seq, hash: hashed.hash } satisfies ChainHead);
      return hashed;
    }).immediate();
    this.events.emit({ type: 'ledger.appended', seq: row.seq });
    return toEntry(row);
  }

  list(query: LedgerQuery): LedgerEntry[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM ledger
         WHERE (@beforeSeq IS NULL OR seq < @beforeSeq) AND (@kind IS NULL OR kind = @kind OR kind LIKE @kind || '.%')
         ORDER BY seq DESC LIMIT @limit`,
      )
      .all({ beforeSeq: query.beforeSeq ?? null, kind: query.kind ?? null, limit: query.limit }) as ChainRow[];
    return rows.map(toEntry);
  }

  verify(): LedgerVerification {
    const head = this.settings.get<ChainHead>(HEAD_KEY);
    const rows = this.db.prepare('SELECT * FROM ledger ORDER BY seq').iterate() as IterableIterator<ChainRow>;
    const check = verifyChain(rows, head);
    return {
      ok: check.ok,
      checked: check.checked,
      headSeq: head?.seq ?? 0,
      firstBad: check.ok ? null : { seq: check.seq, reason: check.reason },
    };
  }
}

function toEntry(row: ChainRow): LedgerEntry {
  return {
    id: String(row.seq),
    seq: row.seq,
    at: row.at,
    kind: row.kind as LedgerKind,
    actor: row.actor,
    summary: row.summary,
    capability: row.capability as CapabilityId | null,
    accountId: row.account_id,
    suggestionId: row.suggestion_id,
    actionId: row.action_id,
    detail: JSON.parse(row.detail_json) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
