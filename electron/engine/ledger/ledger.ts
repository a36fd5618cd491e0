import type { CapabilityId } from '@shared/domain/capabilities.js';
import { ApiError } from '@shared/api/errors.js';
import type { LedgerFilter } from '@shared/api/inputs.js';
import type { LedgerAnchorReport, LedgerEntry, LedgerKind, LedgerVerification } from '@shared/domain/types.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { SettingsStore } from '../db/settings.js';
import type { EventBus } from '../event-bus.js';
import { checkAnchor, type LedgerAnchorStore } from './anchor.js';
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

export interface LedgerQuery extends Readonly<LedgerFilter> {
  readonly limit: number;
  /** Newest first, older than this entry. */
  readonly beforeSeq?: number | undefined;
  /** Oldest first, newer than this entry (an export reads the ledger in its own order). */
  readonly afterSeq?: number | undefined;
}

const HEAD_KEY = 'ledger.head';

/**
 * Whether appends move the anchor (anchor.ts): not until the anchor was checked at start-up,
 * and never while it disagrees with the database (overwriting it would bless the replacement).
 */
type AnchoringState = { readonly kind: 'off' } | { readonly kind: 'following' } | { readonly kind: 'frozen'; readonly reason: string };

/** Append-only, hash-chained record of every gate decision, approval, execution and undo. */
export class Ledger {
  private anchoring: AnchoringState = { kind: 'off' };
  private anchorScheduled = false;
  private anchorWrite: Promise<void> | null = null;
  private anchoredHash: string | null = null;
  private anchorFailureLogged = false;

  constructor(
    private readonly db: Db,
    private readonly settings: SettingsStore,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly anchor: LedgerAnchorStore | null = null,
  ) {}

  /**
   * Checks the anchor against the database and, when they agree (or nothing was anchored yet),
   * keeps it following every append. A disagreement is logged and leaves the anchor as it was,
   * so `verify` goes on reporting it.
   */
  async startAnchoring(): Promise<void> {
    if (!this.anchor) return;
    const report = await this.checkAgainstAnchor();
    if (report.check && !report.check.ok) {
      this.anchoring = { kind: 'frozen', reason: report.check.reason };
      console.error(`[steward] the ledger does not match its anchor: ${report.check.reason}. Run \`steward ledger --verify\`.`);
      return;
    }
    if (report.report.state === 'unavailable') {
      // Short on purpose: the reason is usually the missing keychain the host explains right
      // after, and `steward ledger --verify` gives the whole detail.
      console.error("[steward] the ledger is not anchored this run: its head cannot be kept outside the database (no keychain or secrets file could be read). `steward ledger --verify` says why.");
      return;
    }
    this.anchoring = { kind: 'following' };
    this.scheduleAnchor();
  }

  /**
   * Waits for the anchor to hold the current head (before the database closes), for at most
   * `timeoutMs`: a keychain that does not answer must not keep Steward from stopping. An anchor
   * left behind only lags, which verify accepts.
   */
  async flushAnchor(timeoutMs = 2_000): Promise<void> {
    if (this.anchoring.kind !== 'following') return;
    const flush = (async () => {
      await this.anchorWrite;
      await this.writeAnchor();
    })();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
      timer.unref();
    });
    await Promise.race([flush, late]).finally(() => clearTimeout(timer));
  }

  private scheduleAnchor(): void {
    if (this.anchoring.kind !== 'following' || this.anchorScheduled) return;
    this.anchorScheduled = true;
    // Transactions are synchronous: by the next turn the one that appended has committed (or
    // rolled back), so the head read then is one the database really keeps.
    setImmediate(() => {
      this.anchorScheduled = false;
      if (this.anchorWrite) {
        void this.anchorWrite.then(() => this.scheduleAnchor());
        return;
      }
      this.anchorWrite = this.writeAnchor().finally(() => (this.anchorWrite = null));
    });
  }

  private async writeAnchor(): Promise<void> {
    if (!this.anchor || !this.db.open) return;
    const head = this.settings.get<ChainHead>(HEAD_KEY);
    if (!head || head.hash === this.anchoredHash) return;
    try {
      await this.anchor.write(head);
      this.anchoredHash = head.hash;
    } catch (error) {
      if (!this.anchorFailureLogged) console.error(`[steward] could not keep the ledger's end in the keychain: ${messageOf(error)}`);
      this.anchorFailureLogged = true;
    }
  }

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
    this.scheduleAnchor();
    return toEntry(row);
  }

  /**
   * One page of entries, newest first, older than `beforeSeq` (keyset paging: a page costs the
   * same at entry 100,000 as at entry 1), or oldest first after `afterSeq`, filtered. An account's entries keep its app after the
   * account is removed (the removal entry names it).
   */
  list(query: LedgerQuery): LedgerEntry[] {
    const rows = this.db
      .prepare(
        `SELECT l.* FROM ledger l
         WHERE (@beforeSeq IS NULL OR l.seq < @beforeSeq)
           AND (@afterSeq IS NULL OR l.seq > @afterSeq)
           AND (@kind IS NULL OR l.kind = @kind OR substr(l.kind, 1, length(@kind) + 1) = @kind || '.')
           AND (@decision IS NULL OR l.kind = 'gate.' || @decision)
           AND (@capability IS NULL OR l.capability = @capability)
           AND (@actor IS NULL OR l.actor = @actor OR substr(l.actor, 1, length(@actor) + 1) = @actor || ':')
           AND (@since IS NULL OR l.at >= @since)
           AND (@until IS NULL OR l.at < @until)
           AND (@app IS NULL OR json_extract(l.detail_json, '$.app') = @app
                OR l.account_id IN (SELECT id FROM accounts WHERE kind = @app)
                OR l.account_id IN (SELECT account_id FROM ledger WHERE kind = 'account.removed' AND json_extract(detail_json, '$.app') = @app))
         ORDER BY l.seq ${query.afterSeq === undefined ? 'DESC' : 'ASC'} LIMIT @limit`,
      )
      .all({
        beforeSeq: query.beforeSeq ?? null,
        afterSeq: query.afterSeq ?? null,
        kind: query.kind ?? null,
        decision: query.decision ?? null,
        capability: query.capability ?? null,
        actor: query.actor ?? null,
        since: query.since ? new Date(query.since).toISOString() : null,
        until: query.until ? new Date(query.until).toISOString() : null,
        app: query.app ?? null,
        limit: query.limit,
      }) as ChainRow[];
    return rows.map(toEntry);
  }

  /**
   * Checks every link of the chain, the end recorded in the database, and the end anchored
   * outside it: names the first entry that does not hold, and why.
   */
  async verify(): Promise<LedgerVerification> {
    // The anchor first: it only ever lags the database, so read before, it cannot lead it.
    const { report, check: anchorCheck } = await this.checkAgainstAnchor();
    const head = this.settings.get<ChainHead>(HEAD_KEY);
    const rows = this.db.prepare('SELECT * FROM ledger ORDER BY seq').iterate() as IterableIterator<ChainRow>;
    const check = verifyChain(rows, head);
    const firstBad = !check.ok ? { seq: check.seq, reason: check.reason } : anchorCheck && !anchorCheck.ok ? { seq: anchorCheck.seq, reason: anchorCheck.reason } : null;
    return { ok: firstBad === null, checked: check.checked, headSeq: head?.seq ?? 0, firstBad, anchor: report };
  }

  /**
   * The user restored the database from a backup (or moved a data folder) on purpose: this
   * database becomes the ledger. The entry records what the anchor said before, so the history
   * keeps the fact; then the anchor follows this database again.
   */
  async accept(actor: string): Promise<LedgerVerification> {
    if (!this.anchor) return this.verify();
    const { report } = await this.checkAgainstAnchor();
    if (report.state === 'unavailable') {
      throw new ApiError('keychain_unavailable', `The end of the ledger kept in the keychain could not be read (${report.detail ?? 'no reason given'}), so there is nothing to accept yet.`);
    }
    this.append({
      kind: 'ledger.accepted',
      actor,
      summary:
        report.state === 'mismatch'
          ? `Accepted this database as the ledger, although it did not match the end kept in the keychain: ${report.detail ?? ''}`
          : 'Accepted this database as the ledger (it already matched the end kept in the keychain)',
      detail: { previousAnchorSeq: report.seq, previousState: report.state },
    });
    this.anchoring = { kind: 'following' };
    this.anchoredHash = null;
    await this.flushAnchor();
    return this.verify();
  }

  private async checkAgainstAnchor(): Promise<{ report: LedgerAnchorReport; check: ReturnType<typeof checkAnchor> | null }> {
    if (!this.anchor) return { report: { state: 'none', seq: null, detail: 'this engine keeps no anchor' }, check: null };
    let anchored: ChainHead | null;
    try {
      anchored = await this.anchor.read();
    } catch (error) {
      return { report: { state: 'unavailable', seq: null, detail: messageOf(error) }, check: null };
    }
    if (!anchored) return { report: { state: 'none', seq: null, detail: 'nothing anchored yet' }, check: null };
    const last = (this.db.prepare('SELECT max(seq) AS seq FROM ledger').get() as { seq: number | null }).seq ?? 0;
    const hashAt = this.db.prepare('SELECT hash FROM ledger WHERE seq = ?').pluck();
    const check = checkAnchor(anchored, last, (seq) => hashAt.get(seq) as string | undefined);
    return { report: { state: check.ok ? 'matches' : 'mismatch', seq: anchored.seq, detail: check.ok ? null : check.reason }, check };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
