import { randomUUID } from 'node:crypto';
import { CAPABILITIES, type AppId, type CapabilityId } from '@shared/domain/capabilities.js';
import type { Action, ActionPreview, ActionStatus, GateDecision } from '@shared/domain/types.js';
import type { Clock } from '../clock.js';
import type { ProposedStep } from '../connectors/types.js';
import type { Db } from '../db/database.js';
import type { GatedStep } from '../gate/gate.js';

/** An action as stored, with the arguments and undo data the UI never sees. */
export interface ActionRecord extends GatedStep {
  readonly position: number;
  readonly args: unknown;
  readonly preview: ActionPreview;
  readonly status: ActionStatus;
  readonly decision: GateDecision;
  readonly error: string | null;
  readonly result: string | null;
  readonly undo: unknown;
  readonly createdAt: string;
  readonly executedAt: string | null;
  readonly undoneAt: string | null;
}

interface ActionRow {
  id: string;
  suggestion_id: string;
  position: number;
  capability: CapabilityId;
  app: AppId;
  account_id: string;
  title: string;
  args_json: string;
  preview_json: string;
  status: ActionStatus;
  decision: GateDecision;
  error: string | null;
  result: string | null;
  undo_json: string | null;
  created_at: string;
  executed_at: string | null;
  undone_at: string | null;
}

export interface ActionChange {
  readonly status: ActionStatus;
  readonly error?: string | null;
  readonly result?: string | null;
  readonly undo?: unknown;
  readonly executedAt?: string;
  readonly undoneAt?: string;
}

export class ActionStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Ids are made before the gate sees the step, so its ledger entries can name them. */
  static newId(): string {
    return randomUUID();
  }

  insert(suggestionId: string, id: string, position: number, step: ProposedStep, decision: GateDecision): void {
    this.db
      .prepare(
        `INSERT INTO actions (id, suggestion_id, position, capability, app, account_id, title, args_json, preview_json, status, decision, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'proposed', ?, ?)`,
      )
      .run(
        id,
        suggestionId,
        position,
        step.capability,
        step.app,
        step.accountId,
        step.title,
        JSON.stringify(step.args),
        JSON.stringify(step.preview),
        decision,
        this.clock.now().toISOString(),
      );
  }

  /** Drops a plan's steps that never ran, when the plan is replaced by a newer revision. */
  removeUnstarted(suggestionId: string): void {
    this.db.prepare(`DELETE FROM actions WHERE suggestion_id = ? AND status = 'proposed'`).run(suggestionId);
  }

  listFor(suggestionId: string): ActionRecord[] {
    return (this.db.prepare('SELECT * FROM actions WHERE suggestion_id = ? ORDER BY position').all(suggestionId) as ActionRow[]).map(fromRow);
  }

  get(id: string): ActionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM actions WHERE id = ?').get(id) as ActionRow | undefined;
    return row && fromRow(row);
  }

  /** Ids that start with `prefix` (people type the first few characters of an id). */
  idsStartingWith(prefix: string): string[] {
    return (this.db.prepare(`SELECT id FROM actions WHERE id LIKE ? ESCAPE '\\' LIMIT 3`).all(likePrefix(prefix)) as { id: string }[]).map((r) => r.id);
  }

  /**
   * Moves an action from one of `from` to a new status, atomically. False when another path got
   * there first: this is what makes every action run at most once.
   */
  transition(id: string, from: readonly ActionStatus[], change: ActionChange): boolean {
    const sets = ['status = @status'];
    if (change.error !== undefined) sets.push('error = @error');
    if (change.result !== undefined) sets.push('result = @result');
    if (change.undo !== undefined) sets.push('undo_json = @undo_json');
    if (change.executedAt !== undefined) sets.push('executed_at = @executed_at');
    if (change.undoneAt !== undefined) sets.push('undone_at = @undone_at');
    const placeholders = from.map((_, i) => `@from${i}`).join(', ');
    const params: Record<string, unknown> = {
      id,
      status: change.status,
      error: change.error ?? null,
      result: change.result ?? null,
      undo_json: change.undo === undefined ? null : JSON.stringify(change.undo),
      executed_at: change.executedAt ?? null,
      undone_at: change.undoneAt ?? null,
    };
    from.forEach((status, i) => (params[`from${i}`] = status));
    return this.db.prepare(`UPDATE actions SET ${sets.join(', ')} WHERE id = @id AND status IN (${placeholders})`).run(params).changes === 1;
  }

  /** Actions that ran or tried to, newest first: the Activity tab. */
  listActivity(limit: number): ActionRecord[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM actions WHERE status IN ('running', 'done', 'failed', 'undone', 'interrupted')
           ORDER BY COALESCE(undone_at, executed_at, created_at) DESC LIMIT ?`,
        )
        .all(limit) as ActionRow[]
    ).map(fromRow);
  }

  /** After a crash: steps that were running, or approved but not started, when the engine died. */
  listUnfinished(): ActionRecord[] {
    return (this.db.prepare(`SELECT * FROM actions WHERE status IN ('running', 'approved')`).all() as ActionRow[]).map(fromRow);
  }
}

export function toAction(record: ActionRecord): Action {
  return {
    id: record.actionId,
    suggestionId: record.suggestionId,
    capability: record.capability,
    risk: CAPABILITIES[record.capability].risk,
    app: record.app,
    accountId: record.accountId,
    title: record.title,
    preview: record.preview,
    status: record.status,
    decision: record.decision,
    error: record.error,
    result: record.result,
    executedAt: record.executedAt,
    undoneAt: record.undoneAt,
    canUndo: record.status === 'done' && record.undo !== null,
  };
}

export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function fromRow(row: ActionRow): ActionRecord {
  return {
    actionId: row.id,
    suggestionId: row.suggestion_id,
    position: row.position,
    capability: row.capability,
    app: row.app,
    accountId: row.account_id,
    title: row.title,
    args: JSON.parse(row.args_json) as unknown,
    preview: JSON.parse(row.preview_json) as ActionPreview,
    status: row.status,
    decision: row.decision,
    error: row.error,
    result: row.result,
    undo: row.undo_json === null ? null : (JSON.parse(row.undo_json) as unknown),
    createdAt: row.created_at,
    executedAt: row.executed_at,
    undoneAt: row.undone_at,
  };
}
