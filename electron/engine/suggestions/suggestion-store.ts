import { randomUUID } from 'node:crypto';
import type { Action, Interruption, SourceRef, Suggestion, SuggestionKind, SuggestionOrigin, SuggestionStatus, Urgency } from '@shared/domain/types.js';
import { LISTED_MESSAGES, likePrefix, toAction, type ActionStore } from '../actions/action-store.js';
import { joinGrowthSteps } from './joined-steps.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { SuggestionDraft } from './suggestion-draft.js';

interface SuggestionRow {
  id: string;
  kind: SuggestionKind;
  account_id: string;
  dedupe_key: string;
  title: string;
  why: string;
  urgency: Urgency;
  status: SuggestionStatus;
  revision: number;
  flags_json: string;
  sources_json: string;
  /** How many sources there are (null in rows read in full: sources_json says). */
  source_count: number | null;
  created_at: string;
  updated_at: string;
  interruption_json: string | null;
  origin_json: string | null;
  /** Whether it is a card that grows by addition (it keeps a memo): 1 or 0, as a list reads it. */
  grows_by_addition?: number;
  /** The memo itself, as a full read has it. */
  memo_json?: string | null;
}

const DETECTOR: SuggestionOrigin = { kind: 'detector' };

/**
 * How many sources a list of suggestions names per suggestion (with the count of all of them;
 * getSuggestion names them all). A first sync's newsletter card has thousands, and the popover
 * and `steward suggestions` poll the list.
 */
export const LISTED_SOURCES = 50;

/** A suggestion's row for a list: its first LISTED_SOURCES sources and their count, written when they change. */
const SELECT_LISTED = `SELECT id, kind, account_id, dedupe_key, title, why, urgency, status, revision, flags_json,
  COALESCE(listed_sources_json, sources_json) AS sources_json, source_count, created_at, updated_at, interruption_json, origin_json,
  memo_json IS NOT NULL AS grows_by_addition
  FROM suggestions`;

/** Keys per query when asking which are covered. */
const KEYS_PER_QUERY = 500;

/** Statuses in which a suggestion still wants the user's attention. */
export const OPEN_STATUSES: readonly SuggestionStatus[] = ['pending', 'running', 'failed', 'cancelled'];

export class SuggestionStore {
  constructor(
    private readonly db: Db,
    private readonly actions: ActionStore,
    private readonly clock: Clock,
  ) {}

  openByDedupeKey(key: string): { id: string; revision: number } | undefined {
    return this.db.prepare(`SELECT id, revision FROM suggestions WHERE dedupe_key = ? AND status = 'pending'`).get(key) as
      | { id: string; revision: number }
      | undefined;
  }

  /** Creates a pending suggestion from a draft (without its steps: the proposer adds those). */
  create(draft: SuggestionDraft): string {
    const id = randomUUID();
    const now = this.clock.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO suggestions (id, kind, account_id, dedupe_key, title, why, urgency, status, revision, flags_json, sources_json, source_count, listed_sources_json, origin_json, memo_json, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, draft.kind, draft.accountId, draft.dedupeKey, draft.title, draft.why, draft.urgency, JSON.stringify(draft.flags), ...sourceColumns(draft), JSON.stringify(draft.origin ?? DETECTOR), memoColumn(draft), now, now);
    this.coverItems(id, draft);
    return id;
  }

  /** Replaces an open suggestion's content with a newer draft and bumps its revision. */
  revise(id: string, draft: SuggestionDraft): void {
    this.db
      .prepare(
        `UPDATE suggestions SET title = ?, why = ?, urgency = ?, flags_json = ?, sources_json = ?, source_count = ?, listed_sources_json = ?, origin_json = ?, memo_json = ?, revision = revision + 1, updated_at = ?
         WHERE id = ?`,
      )
      .run(draft.title, draft.why, draft.urgency, JSON.stringify(draft.flags), ...sourceColumns(draft), JSON.stringify(draft.origin ?? DETECTOR), memoColumn(draft), this.clock.now().toISOString(), id);
    this.recoverItems(id, draft);
  }

  /**
   * Adds a growth (a draft that `grows`) to an open suggestion: its new content, its sources and
   * items added to those there, and a new revision. The sources are joined by SQLite, and the
   * listed ones are the newest of those listed and those added: nothing the suggestion already
   * held is read into the engine.
   */
  grow(id: string, draft: SuggestionDraft): void {
    const added = JSON.stringify(draft.sources);
    this.db
      .prepare(
        `UPDATE suggestions SET title = ?, why = ?, urgency = ?, flags_json = ?, origin_json = ?, memo_json = ?, revision = revision + 1, updated_at = ?,
           sources_json = (SELECT json_group_array(json(value)) FROM (SELECT value FROM json_each(sources_json) UNION ALL SELECT value FROM json_each(?))),
           source_count = COALESCE(source_count, json_array_length(sources_json)) + json_array_length(?),
           listed_sources_json = (SELECT json_group_array(json(value) ORDER BY value ->> 'at' DESC) FROM (
             SELECT value FROM (SELECT value FROM json_each(COALESCE(listed_sources_json, sources_json)) UNION ALL SELECT value FROM json_each(?))
             ORDER BY value ->> 'at' DESC LIMIT ${LISTED_SOURCES}))
         WHERE id = ?`,
      )
      .run(draft.title, draft.why, draft.urgency, JSON.stringify(draft.flags), JSON.stringify(draft.origin ?? DETECTOR), memoColumn(draft), this.clock.now().toISOString(), added, added, added, id);
    this.coverItems(id, draft);
  }

  /** The open suggestion with this dedupe key as a growth needs it: how many items it holds, and its memo. */
  openCard(key: string): { id: string; itemCount: number; memo: unknown } | undefined {
    const row = this.db
      .prepare(
        `SELECT s.id, s.memo_json, (SELECT count(*) FROM suggestion_items si WHERE si.suggestion_id = s.id) AS item_count
         FROM suggestions s WHERE s.dedupe_key = ? AND s.status = 'pending'`,
      )
      .get(key) as { id: string; memo_json: string | null; item_count: number } | undefined;
    return row && { id: row.id, itemCount: row.item_count, memo: row.memo_json === null ? null : (JSON.parse(row.memo_json) as unknown) };
  }

  /** The plan changed in place (the user edited it): a new revision, so a stale approval is refused. */
  bumpRevision(id: string): number {
    this.db.prepare('UPDATE suggestions SET revision = revision + 1, updated_at = ? WHERE id = ?').run(this.clock.now().toISOString(), id);
    return (this.db.prepare('SELECT revision FROM suggestions WHERE id = ?').get(id) as { revision: number }).revision;
  }

  /** Its kind and status alone (a full read hydrates every source and step). */
  stateOf(id: string): { kind: SuggestionKind; status: SuggestionStatus } | undefined {
    return this.db.prepare('SELECT kind, status FROM suggestions WHERE id = ?').get(id) as { kind: SuggestionKind; status: SuggestionStatus } | undefined;
  }

  setStatus(id: string, status: SuggestionStatus): void {
    this.db.prepare('UPDATE suggestions SET status = ?, updated_at = ? WHERE id = ?').run(status, this.clock.now().toISOString(), id);
  }

  /** Of these item keys, the ones some suggestion of this kind already covered (in any state). */
  coveredKeys(accountId: string, kind: SuggestionKind, keys: readonly string[]): Set<string> {
    // Asked for every batch of a sync by each detector: a few queries over a JSON array of keys
    // rather than one query per key (which cost more than the detectors' own work).
    const find = this.db.prepare(
      'SELECT DISTINCT item_key FROM suggestion_items WHERE account_id = ? AND kind = ? AND item_key IN (SELECT value FROM json_each(?))',
    );
    const covered = new Set<string>();
    for (let start = 0; start < keys.length; start += KEYS_PER_QUERY) {
      const rows = find.all(accountId, kind, JSON.stringify(keys.slice(start, start + KEYS_PER_QUERY))) as { item_key: string }[];
      for (const row of rows) covered.add(row.item_key);
    }
    return covered;
  }

  /** The items an open suggestion is about. */
  itemIds(id: string): string[] {
    return (this.db.prepare('SELECT item_id FROM suggestion_items WHERE suggestion_id = ?').all(id) as { item_id: string }[]).map((r) => r.item_id);
  }

  /** Pending suggestions that cover any of these items. */
  pendingCovering(itemIds: readonly string[]): { id: string; kind: SuggestionKind; accountId: string }[] {
    if (itemIds.length === 0) return [];
    const find = this.db.prepare(
      `SELECT DISTINCT s.id, s.kind, s.account_id FROM suggestions s JOIN suggestion_items si ON si.suggestion_id = s.id
       WHERE s.status = 'pending' AND si.item_id = ?`,
    );
    const found = new Map<string, { id: string; kind: SuggestionKind; accountId: string }>();
    for (const itemId of itemIds) {
      for (const row of find.all(itemId) as { id: string; kind: SuggestionKind; account_id: string }[]) {
        found.set(row.id, { id: row.id, kind: row.kind, accountId: row.account_id });
      }
    }
    return [...found.values()];
  }

  idsStartingWith(prefix: string): string[] {
    return (this.db.prepare(`SELECT id FROM suggestions WHERE id LIKE ? ESCAPE '\\' LIMIT 3`).all(likePrefix(prefix)) as { id: string }[]).map((r) => r.id);
  }

  get(id: string): Suggestion | undefined {
    const row = this.db.prepare('SELECT * FROM suggestions WHERE id = ?').get(id) as SuggestionRow | undefined;
    return row && this.hydrate(row);
  }

  /** Suggestions as a list shows them: long lists of sources and of a step's messages cut, with their counts. */
  list(include: 'open' | 'all'): Suggestion[] {
    const rows =
      include === 'open'
        ? (this.db
            .prepare(`${SELECT_LISTED} WHERE status IN (${OPEN_STATUSES.map(() => '?').join(', ')}) ORDER BY created_at DESC`)
            .all(...OPEN_STATUSES) as SuggestionRow[])
        : (this.db.prepare(`${SELECT_LISTED} ORDER BY created_at DESC LIMIT 500`).all() as SuggestionRow[]);
    return rows.map((row) => this.hydrate(row, 'listed'));
  }

  idsWithStatus(status: SuggestionStatus): string[] {
    return (this.db.prepare('SELECT id FROM suggestions WHERE status = ?').all(status) as { id: string }[]).map((r) => r.id);
  }

  countPending(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM suggestions WHERE status = 'pending'`).get() as { n: number }).n;
  }

  private coverItems(id: string, draft: SuggestionDraft): void {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO suggestion_items (suggestion_id, kind, account_id, item_key, item_id) VALUES (?, ?, ?, ?, ?)',
    );
    draft.items.forEach((item) => insert.run(id, draft.kind, draft.accountId, item.key, item.id));
  }

  /**
   * A revision's items, written as a change: a growing suggestion (the newsletters of a first
   * sync, revised after every batch) only adds its new items rather than rewriting thousands.
   */
  private recoverItems(id: string, draft: SuggestionDraft): void {
    const current = new Map(
      (this.db.prepare('SELECT item_key, item_id FROM suggestion_items WHERE suggestion_id = ?').all(id) as { item_key: string; item_id: string }[]).map((r) => [r.item_key, r.item_id]),
    );
    // The first item with a key wins, as INSERT OR IGNORE had it.
    const wanted = new Map<string, string>();
    for (const item of draft.items) if (!wanted.has(item.key)) wanted.set(item.key, item.id);
    const remove = this.db.prepare('DELETE FROM suggestion_items WHERE suggestion_id = ? AND item_key = ?');
    const insert = this.db.prepare('INSERT INTO suggestion_items (suggestion_id, kind, account_id, item_key, item_id) VALUES (?, ?, ?, ?, ?)');
    const repoint = this.db.prepare('UPDATE suggestion_items SET item_id = ? WHERE suggestion_id = ? AND item_key = ?');
    for (const key of current.keys()) if (!wanted.has(key)) remove.run(id, key);
    for (const [key, itemId] of wanted) {
      const was = current.get(key);
      if (was === undefined) insert.run(id, draft.kind, draft.accountId, key, itemId);
      else if (was !== itemId) repoint.run(itemId, id, key);
    }
  }

  /** Its steps as a card shows them: a card that grows by addition shows its growth steps joined. */
  private actionsOf(row: SuggestionRow, read: 'full' | 'listed'): Action[] {
    const actions = (read === 'listed' ? this.actions.listedFor(row.id) : this.actions.listFor(row.id)).map(toAction);
    const grows = row.grows_by_addition === 1 || (row.memo_json !== undefined && row.memo_json !== null);
    return grows ? joinGrowthSteps(actions, read === 'listed' ? LISTED_MESSAGES : null) : actions;
  }

  private hydrate(row: SuggestionRow, read: 'full' | 'listed' = 'full'): Suggestion {
    const sources = JSON.parse(row.sources_json) as SourceRef[];
    return {
      id: row.id,
      kind: row.kind,
      accountId: row.account_id,
      title: row.title,
      why: row.why,
      urgency: row.urgency,
      status: row.status,
      revision: row.revision,
      flags: JSON.parse(row.flags_json) as string[],
      sources,
      sourceCount: row.source_count ?? sources.length,
      actions: this.actionsOf(row, read),
      interruption: row.interruption_json === null ? null : (JSON.parse(row.interruption_json) as Interruption),
      origin: row.origin_json === null ? DETECTOR : (JSON.parse(row.origin_json) as SuggestionOrigin),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}

/** sources_json, source_count and listed_sources_json, in that order. */
function sourceColumns(draft: SuggestionDraft): [string, number, string] {
  return [JSON.stringify(draft.sources), draft.sources.length, JSON.stringify(draft.sources.slice(0, LISTED_SOURCES))];
}

function memoColumn(draft: SuggestionDraft): string | null {
  return draft.memo === undefined ? null : JSON.stringify(draft.memo);
}
