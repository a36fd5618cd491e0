/**
 * The preferences Steward keeps: learned ones (memory/learn.ts) and the user's own, listed in
 * Settings → Memory and by `steward memory`, editable and deletable. A learned preference the
 * user deletes stays deleted (a tombstone keeps its rule from being learned again); one the user
 * edits becomes theirs and the learner leaves it alone.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '@shared/api/errors.js';
import type { Preference } from '@shared/domain/agent.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/database.js';
import type { LearnedPreference } from './learn.js';

interface PreferenceRow {
  id: string;
  text: string;
  source: 'learned' | 'user';
  rule: string | null;
  evidence: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export const MAX_PREFERENCE_CHARS = 300;
/** Preferences given to the model with each job (the newest first). */
export const PREFERENCES_IN_CONTEXT = 20;

export class PreferenceStore {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly newId: () => string = randomUUID,
  ) {}

  list(): Preference[] {
    return (this.db.prepare('SELECT * FROM agent_preferences WHERE deleted_at IS NULL ORDER BY updated_at DESC, rowid DESC').all() as PreferenceRow[]).map(toPreference);
  }

  /** The lines the model reads with every job. */
  notes(): string[] {
    return this.list()
      .slice(0, PREFERENCES_IN_CONTEXT)
      .map((preference) => preference.text);
  }

  add(text: string): Preference {
    const clean = checkText(text);
    const id = this.newId();
    const now = this.now();
    this.db.prepare(`INSERT INTO agent_preferences (id, text, source, evidence, created_at, updated_at) VALUES (?, ?, 'user', '', ?, ?)`).run(id, clean, now, now);
    this.changed();
    return this.require(id);
  }

  update(id: string, text: string): Preference {
    const clean = checkText(text);
    this.require(id);
    this.db.prepare(`UPDATE agent_preferences SET text = ?, source = 'user', updated_at = ? WHERE id = ?`).run(clean, this.now(), id);
    this.changed();
    return this.require(id);
  }

  remove(id: string): Preference {
    const found = this.require(id);
    if (found.source === 'learned') this.db.prepare('UPDATE agent_preferences SET deleted_at = ? WHERE id = ?').run(this.now(), id);
    else this.db.prepare('DELETE FROM agent_preferences WHERE id = ?').run(id);
    this.changed();
    return found;
  }

  /** Makes the learned preferences what the learner says now; the user's own and deleted ones are left alone. */
  syncLearned(learned: readonly LearnedPreference[]): boolean {
    let changed = false;
    this.db.transaction(() => {
      const current = this.db.prepare(`SELECT * FROM agent_preferences WHERE rule IS NOT NULL`).all() as PreferenceRow[];
      const byRule = new Map(current.map((row) => [row.rule, row]));
      const now = this.now();
      for (const preference of learned) {
        const row = byRule.get(preference.rule);
        if (!row) {
          this.db
            .prepare(`INSERT INTO agent_preferences (id, text, source, rule, evidence, created_at, updated_at) VALUES (?, ?, 'learned', ?, ?, ?, ?)`)
            .run(this.newId(), preference.text, preference.rule, preference.evidence, now, now);
          changed = true;
        } else if (row.source === 'learned' && row.deleted_at === null && (row.text !== preference.text || row.evidence !== preference.evidence)) {
          this.db.prepare('UPDATE agent_preferences SET text = ?, evidence = ?, updated_at = ? WHERE id = ?').run(preference.text, preference.evidence, now, row.id);
          changed = true;
        }
      }
      const holding = new Set(learned.map((p) => p.rule));
      for (const row of current) {
        if (row.source === 'learned' && row.deleted_at === null && row.rule !== null && !holding.has(row.rule)) {
          // Later acts contradict it: withdrawn (not a tombstone: it may be learned again).
          this.db.prepare('DELETE FROM agent_preferences WHERE id = ?').run(row.id);
          changed = true;
        }
      }
    })();
    if (changed) this.changed();
    return changed;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private require(id: string): Preference {
    const row = this.db.prepare('SELECT * FROM agent_preferences WHERE id = ? AND deleted_at IS NULL').get(id) as PreferenceRow | undefined;
    if (!row) throw new ApiError('not_found', `There is no preference "${id}". See \`steward memory\`.`);
    return toPreference(row);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

function checkText(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean === '') throw new ApiError('invalid_input', 'A preference needs some text, such as “Prefers short replies”.');
  if (clean.length > MAX_PREFERENCE_CHARS) throw new ApiError('invalid_input', `Keep a preference under ${MAX_PREFERENCE_CHARS} characters (this one has ${clean.length}).`);
  return clean;
}

function toPreference(row: PreferenceRow): Preference {
  return { id: row.id, text: row.text, source: row.source, evidence: row.evidence, createdAt: row.created_at, updatedAt: row.updated_at };
}
