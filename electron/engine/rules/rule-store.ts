/**
 * The rules the user made with "Always do this": stored, listed, paused, edited, deleted, and
 * counted when a plan runs under one. Every rule must narrow by a structured field beyond the
 * account and the capabilities (rule-match.ts), here as at creation.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '@shared/api/errors.js';
import { ruleName, ruleWords, type Rule, type RuleMatch } from '@shared/domain/permissions.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { resolveId } from '../resolve-id.js';
import { narrowsEnough } from './rule-match.js';

interface RuleRow {
  id: string;
  account_id: string;
  name: string;
  match_json: string;
  paused: number;
  created_from: string | null;
  created_at: string;
  updated_at: string;
  uses: number;
  last_used_at: string | null;
}

/** What an edit may change: the name, whether it is paused, and its fields (null: any). */
export type RuleEdit = Partial<Pick<Rule, 'name' | 'paused'>> & Partial<Omit<RuleMatch, 'accountId'>>;

const TOO_BROAD = 'A rule must name at least one of: the detector, the sender, the list, the folder or the recipients’ domain. Otherwise it would allow everything of its kind.';

export class RuleStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  create(match: RuleMatch, createdFrom: string | null, name?: string): Rule {
    if (!narrowsEnough(match)) throw new ApiError('invalid_input', TOO_BROAD);
    const id = randomUUID();
    const now = this.clock.now().toISOString();
    const { accountId, ...fields } = match;
    this.db
      .prepare('INSERT INTO rules (id, account_id, name, match_json, paused, created_from, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?)')
      .run(id, accountId, name?.trim() || ruleName(match), JSON.stringify(fields), createdFrom, now, now);
    return this.require(id);
  }

  list(): Rule[] {
    return (this.db.prepare('SELECT * FROM rules ORDER BY created_at, id').all() as RuleRow[]).map((row) => this.toRule(row));
  }

  /** The rules that may run plans of this account, oldest first. */
  activeFor(accountId: string): Rule[] {
    return (this.db.prepare('SELECT * FROM rules WHERE account_id = ? AND paused = 0 ORDER BY created_at, id').all(accountId) as RuleRow[]).map((row) => this.toRule(row));
  }

  get(id: string): Rule | undefined {
    const row = this.db.prepare('SELECT * FROM rules WHERE id = ?').get(id) as RuleRow | undefined;
    return row && this.toRule(row);
  }

  /** The rule `id` names (in full or by its first 4+ characters), or a not-found error in words. */
  require(id: string): Rule {
    const full = resolveId(id, (prefix) => (this.db.prepare('SELECT id FROM rules WHERE id LIKE ?').all(`${prefix}%`) as { id: string }[]).map((r) => r.id), 'rule');
    const rule = full ? this.get(full) : undefined;
    if (!rule) throw new ApiError('not_found', `No rule with id "${id}". See \`steward rules\`.`);
    return rule;
  }

  edit(id: string, edit: RuleEdit): Rule {
    const rule = this.require(id);
    const { name, paused, ...fields } = edit;
    const match: RuleMatch = { ...rule.match, ...fields };
    if (!narrowsEnough(match)) throw new ApiError('invalid_input', TOO_BROAD);
    const { accountId: _account, ...stored } = match;
    // A default name follows the fields; a name the user gave stays.
    const nextName = name?.trim() || (rule.name === ruleName(rule.match) ? ruleName(match) : rule.name);
    this.db
      .prepare('UPDATE rules SET name = ?, match_json = ?, paused = ?, updated_at = ? WHERE id = ?')
      .run(nextName, JSON.stringify(stored), (paused ?? rule.paused) ? 1 : 0, this.clock.now().toISOString(), rule.id);
    return this.require(rule.id);
  }

  delete(id: string): Rule {
    const rule = this.require(id);
    this.db.prepare('DELETE FROM rules WHERE id = ?').run(rule.id);
    return rule;
  }

  /** A plan ran under the rule. */
  noteUse(id: string): void {
    this.db.prepare('UPDATE rules SET uses = uses + 1, last_used_at = ? WHERE id = ?').run(this.clock.now().toISOString(), id);
  }

  private accountLabel(accountId: string): string {
    const row = this.db.prepare('SELECT email FROM accounts WHERE id = ?').get(accountId) as { email: string } | undefined;
    return row?.email || 'a removed account';
  }

  private toRule(row: RuleRow): Rule {
    const match: RuleMatch = { ...(JSON.parse(row.match_json) as Omit<RuleMatch, 'accountId'>), accountId: row.account_id };
    return {
      id: row.id,
      name: row.name,
      match,
      paused: row.paused === 1,
      createdFrom: row.created_from,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      uses: row.uses,
      lastUsedAt: row.last_used_at,
      words: ruleWords(match, this.accountLabel(row.account_id)),
    };
  }
}
