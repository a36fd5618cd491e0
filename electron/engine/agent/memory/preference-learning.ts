/**
 * Learns preferences from what the user did, as the ledger records it: approvals, edits and
 * dismissals of suggestions. The ledger is the source (a restart misses nothing: the learner
 * keeps its place in it); each act becomes a signal (memory/learn.ts), counted once, and the
 * learned preferences are brought in line with the counts.
 */
import type { Db } from '../../db/database.js';
import type { EventBus } from '../../event-bus.js';
import type { MailItem } from '../../items/mail/mail-item.js';
import type { SuggestionStore } from '../../suggestions/suggestion-store.js';
import type { CursorStore } from '../jobs/cursors.js';
import { editSignal, learnPreferences, type SignalCount, type SignalKind } from './learn.js';
import type { PreferenceStore } from './preference-store.js';

export interface PreferenceLearningDeps {
  readonly db: Db;
  readonly events: EventBus;
  readonly suggestions: Pick<SuggestionStore, 'get' | 'itemIds'>;
  readonly mail: { getMany(ids: readonly string[]): MailItem[] };
  readonly preferences: PreferenceStore;
  readonly cursors: CursorStore;
}

interface LedgerRow {
  seq: number;
  kind: string;
  suggestion_id: string | null;
  detail_json: string;
  at: string;
}

const CURSOR = 'learner.ledgerSeq';
const ACTS = ['suggestion.approved', 'suggestion.dismissed', 'suggestion.edited'];
const PAGE = 500;

export class PreferenceLearning {
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: PreferenceLearningDeps) {}

  /** Catches up with the ledger, then follows it. */
  start(): void {
    this.catchUp();
    this.unsubscribe = this.deps.events.subscribe((event) => {
      if (event.type === 'ledger.appended') this.catchUp();
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Reads the user's acts since the last one it saw, counts them, and relearns. */
  catchUp(): void {
    const { db, cursors } = this.deps;
    const record = db.prepare('INSERT OR IGNORE INTO agent_signals (ledger_seq, signal, subject, at) VALUES (?, ?, ?, ?)');
    let counted = 0;
    for (;;) {
      const from = Number(cursors.get(CURSOR) ?? '0');
      const rows = db
        .prepare(`SELECT seq, kind, suggestion_id, detail_json, at FROM ledger WHERE seq > ? AND kind IN (${ACTS.map(() => '?').join(', ')}) ORDER BY seq LIMIT ?`)
        .all(from, ...ACTS, PAGE) as LedgerRow[];
      // Nothing new the user did: the place stays (no write for every gate decision).
      const last = rows.at(-1)?.seq;
      if (last === undefined) break;
      const seen = last;
      db.transaction(() => {
        for (const row of rows) for (const signal of this.signalsOf(row)) record.run(row.seq, signal.signal, signal.subject, row.at);
        cursors.set(CURSOR, String(seen));
      })();
      counted += rows.length;
      if (rows.length < PAGE) break;
    }
    if (counted > 0) this.deps.preferences.syncLearned(learnPreferences(this.counts()));
  }

  private counts(): SignalCount[] {
    return this.deps.db.prepare('SELECT signal, subject, count(*) AS count FROM agent_signals GROUP BY signal, subject').all() as SignalCount[];
  }

  /** What one act says, if anything. One ledger entry makes at most one signal per subject. */
  private signalsOf(row: LedgerRow): { signal: SignalKind; subject: string }[] {
    const suggestion = row.suggestion_id ? this.deps.suggestions.get(row.suggestion_id) : undefined;
    if (!suggestion) return [];
    if (row.kind === 'suggestion.edited') {
      // Only the model's drafts say something about taste: the template has a blank to fill.
      if (suggestion.kind !== 'reply' || suggestion.origin.kind !== 'agent') return [];
      // The body's length before and after the edit (either editor's names for them).
      const detail = JSON.parse(row.detail_json) as { bodyCharsBefore?: number; bodyCharsAfter?: number; charactersBefore?: number; characters?: number };
      const signal = editSignal(detail.bodyCharsBefore ?? detail.charactersBefore ?? 0, detail.bodyCharsAfter ?? detail.characters ?? 0);
      return signal ? [{ signal, subject: '' }] : [];
    }
    const approved = row.kind === 'suggestion.approved';
    const senders = this.deps.mail.getMany(this.deps.suggestions.itemIds(suggestion.id)).map((item) => item.from.address.toLowerCase());
    const isArchive = suggestion.kind === 'newsletters' || suggestion.actions.some((action) => action.capability === 'email.archive');
    if (isArchive) {
      const domains = [...new Set(senders.map((address) => address.split('@')[1] ?? '').filter(Boolean))];
      return domains.map((subject) => ({ signal: approved ? 'archive.approved' : 'archive.dismissed', subject }));
    }
    if (suggestion.kind === 'reply') {
      return [...new Set(senders)].map((subject) => ({ signal: approved ? 'reply.approved' : 'reply.dismissed', subject }));
    }
    return [];
  }
}
