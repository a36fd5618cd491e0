import { randomUUID } from 'node:crypto';
import { CAPABILITIES, type AppId, type CapabilityId } from '@shared/domain/capabilities.js';
import type { Action, ActionPreview, ActionStatus, GateDecision, OutboxWait } from '@shared/domain/types.js';
import type { Clock } from '../clock.js';
import type { ProposedStep } from '../connectors/types.js';
import type { Db } from '../db/database.js';
import type { StepCaution } from '@shared/domain/caution.js';
import type { StepProvenance } from '../gate/facts.js';
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
  /** Who approved it (an actor, as the ledger names it); null before approval. */
  readonly approvedBy: string | null;
  /** While it waits in the outbox: when it leaves (see outbox-store.ts). */
  readonly outbox: OutboxWait | null;
  readonly provenance: StepProvenance | null;
  /** Why the card warns about it (a tainted outward step); null when it does not. */
  readonly caution: StepCaution | null;
}

/** What the gate saw when it reviewed a step: stored with it, for the next decision and the card. */
export interface StepReview {
  readonly provenance: StepProvenance | null;
  readonly caution: StepCaution | null;
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
  approved_by: string | null;
  outbox_due_at: string | null;
  outbox_held_ms: number | null;
  in_outbox: number | null;
  provenance_json: string | null;
  caution_json: string | null;
}

/** Every read joins the outbox, so a step that waits there says until when. */
const SELECT = `SELECT a.*, o.due_at AS outbox_due_at, o.held_ms AS outbox_held_ms, o.action_id IS NOT NULL AS in_outbox
  FROM actions a LEFT JOIN outbox o ON o.action_id = a.id`;

/**
 * How many of a step's messages a list of suggestions names (the rest are counted in the
 * preview's messageCount; getSuggestion names them all). A first sync's newsletter card moves
 * thousands: listing them all made every poll of the list parse and send megabytes.
 */
export const LISTED_MESSAGES = 50;

/** The same read for a list: the preview as listedPreview cut it, and no arguments (a list never shows them). */
const SELECT_LISTED = `SELECT a.id, a.suggestion_id, a.position, a.capability, a.app, a.account_id, a.title, 'null' AS args_json,
  COALESCE(a.listed_preview_json, a.preview_json) AS preview_json,
  a.status, a.decision, a.error, a.result, a.undo_json, a.created_at, a.executed_at, a.undone_at, a.approved_by, a.provenance_json, a.caution_json,
  o.due_at AS outbox_due_at, o.held_ms AS outbox_held_ms, o.action_id IS NOT NULL AS in_outbox
  FROM actions a LEFT JOIN outbox o ON o.action_id = a.id`;

/** A preview as a list shows it: a long message list cut to its first LISTED_MESSAGES, with their count. */
export function listedPreview(preview: ActionPreview): ActionPreview {
  if ((preview.kind !== 'move' && preview.kind !== 'flags') || preview.messages.length <= LISTED_MESSAGES) return preview;
  return { ...preview, messages: preview.messages.slice(0, LISTED_MESSAGES), messageCount: preview.messages.length };
}

export interface ActionChange {
  readonly status: ActionStatus;
  readonly error?: string | null;
  readonly result?: string | null;
  readonly undo?: unknown;
  readonly executedAt?: string;
  readonly undoneAt?: string;
  readonly approvedBy?: string;
}

const NOT_REVIEWED: StepReview = { provenance: null, caution: null };

export class ActionStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Ids are made before the gate sees the step, so its ledger entries can name them. */
  static newId(): string {
    return randomUUID();
  }

  insert(suggestionId: string, id: string, position: number, step: ProposedStep, decision: GateDecision, review: StepReview = NOT_REVIEWED): void {
    this.db
      .prepare(
        `INSERT INTO actions (id, suggestion_id, position, capability, app, account_id, title, args_json, preview_json, listed_preview_json, status, decision, created_at, provenance_json, caution_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'proposed', ?, ?, ?, ?)`,
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
        JSON.stringify(listedPreview(step.preview)),
        decision,
        this.clock.now().toISOString(),
        review.provenance ? JSON.stringify(review.provenance) : null,
        review.caution ? JSON.stringify(review.caution) : null,
      );
  }

  /**
   * Replaces a step that has not run with another at the same place (a draft that becomes a send
   * at approval). False when the old step is no longer in one of `from`.
   */
  replace(oldId: string, from: readonly ActionStatus[], newId: string, step: ProposedStep, decision: GateDecision, review: StepReview = NOT_REVIEWED): boolean {
    const old = this.get(oldId);
    if (!old || !from.includes(old.status)) return false;
    this.db.prepare('DELETE FROM actions WHERE id = ?').run(oldId);
    this.insert(old.suggestionId, newId, old.position, step, decision, review);
    return true;
  }

  /** New arguments and preview for a step that has not run (the user edited the message). */
  revisePlan(id: string, from: readonly ActionStatus[], args: unknown, preview: ActionPreview): boolean {
    const placeholders = from.map(() => '?').join(', ');
    return (
      this.db
        .prepare(`UPDATE actions SET args_json = ?, preview_json = ?, listed_preview_json = ? WHERE id = ? AND status IN (${placeholders})`)
        .run(JSON.stringify(args), JSON.stringify(preview), JSON.stringify(listedPreview(preview)), id, ...from).changes === 1
    );
  }

  /** Where a step added after a suggestion's others goes. */
  nextPosition(suggestionId: string): number {
    const row = this.db.prepare('SELECT COALESCE(MAX(position) + 1, 0) AS next FROM actions WHERE suggestion_id = ?').get(suggestionId) as { next: number };
    return row.next;
  }

  /** Whether every step of a suggestion that has not started was allowed by the gate (a grant or a rule). */
  unstartedAllAllowed(suggestionId: string): boolean {
    const row = this.db.prepare(`SELECT count(*) AS n FROM actions WHERE suggestion_id = ? AND status = 'proposed' AND decision <> 'allow'`).get(suggestionId) as { n: number };
    return row.n === 0;
  }

  /** Drops a plan's steps that never ran, when the plan is replaced by a newer revision. */
  removeUnstarted(suggestionId: string): void {
    this.db.prepare(`DELETE FROM actions WHERE suggestion_id = ? AND status = 'proposed'`).run(suggestionId);
  }

  listFor(suggestionId: string): ActionRecord[] {
    return (this.db.prepare(`${SELECT} WHERE a.suggestion_id = ? ORDER BY a.position`).all(suggestionId) as ActionRow[]).map(fromRow);
  }

  /** A suggestion's steps as a list of suggestions shows them: long message lists cut (see listedPreview), no arguments. */
  listedFor(suggestionId: string): ActionRecord[] {
    return (this.db.prepare(`${SELECT_LISTED} WHERE a.suggestion_id = ? ORDER BY a.position`).all(suggestionId) as ActionRow[]).map(fromRow);
  }

  get(id: string): ActionRecord | undefined {
    const row = this.db.prepare(`${SELECT} WHERE a.id = ?`).get(id) as ActionRow | undefined;
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
    if (change.approvedBy !== undefined) sets.push('approved_by = @approved_by');
    const placeholders = from.map((_, i) => `@from${i}`).join(', ');
    const params: Record<string, unknown> = {
      id,
      status: change.status,
      error: change.error ?? null,
      result: change.result ?? null,
      undo_json: change.undo === undefined ? null : JSON.stringify(change.undo),
      executed_at: change.executedAt ?? null,
      undone_at: change.undoneAt ?? null,
      approved_by: change.approvedBy ?? null,
    };
    from.forEach((status, i) => (params[`from${i}`] = status));
    // Any change of status ends an undo under way (recorded as undone, or back to what it was).
    sets.push('undo_started_at = NULL');
    return this.db.prepare(`UPDATE actions SET ${sets.join(', ')} WHERE id = @id AND status IN (${placeholders})`).run(params).changes === 1;
  }

  /**
   * Notes that an undo of a done action begins (a time), or that it ended either way (null).
   * Left set by a process that died in between: see listUndoCutShort.
   */
  markUndoStarted(id: string, at: string | null): void {
    this.db.prepare('UPDATE actions SET undo_started_at = ? WHERE id = ?').run(at, id);
  }

  /** After a crash: done actions whose undo had begun but was never recorded as finished. */
  listUndoCutShort(): ActionRecord[] {
    return (this.db.prepare(`${SELECT} WHERE a.status = 'done' AND a.undo_started_at IS NOT NULL`).all() as ActionRow[]).map(fromRow);
  }

  /** Actions that ran or tried to, newest first: the Activity tab. */
  listActivity(limit: number): ActionRecord[] {
    return (
      this.db
        .prepare(
          `${SELECT} WHERE a.status IN ('scheduled', 'held', 'running', 'done', 'failed', 'undone', 'interrupted')
           ORDER BY COALESCE(a.undone_at, a.executed_at, a.created_at) DESC LIMIT ?`,
        )
        .all(limit) as ActionRow[]
    ).map(fromRow);
  }

  /**
   * After a crash: steps that were running, or approved but not started, when the engine died.
   * Steps of the outbox are left out: the outbox takes them up itself (see ActionRunner.recoverOutbox).
   */
  listUnfinished(): ActionRecord[] {
    return (
      this.db
        .prepare(
          `${SELECT} WHERE a.status IN ('running', 'approved') AND o.action_id IS NULL
             AND a.suggestion_id NOT IN (SELECT b.suggestion_id FROM outbox ob JOIN actions b ON b.id = ob.action_id)`,
        )
        .all() as ActionRow[]
    ).map(fromRow);
  }

  countHeld(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM actions WHERE status = 'held'`).get() as { n: number }).n;
  }

  /** Steps a pause holds, in the order they run on resume: plan by plan, each in its order. */
  listHeld(): ActionRecord[] {
    return (this.db.prepare(`${SELECT} WHERE a.status = 'held' ORDER BY a.created_at, a.suggestion_id, a.position`).all() as ActionRow[]).map(fromRow);
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
    // A step still in the outbox, or held by a pause, can be called off (nothing happened yet);
    // after that only what its source can undo.
    canUndo: record.status === 'scheduled' || record.status === 'held' || (record.status === 'done' && record.undo !== null),
    outbox: record.outbox,
    caution: record.caution,
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
    approvedBy: row.approved_by,
    outbox: row.status === 'scheduled' && row.in_outbox ? { dueAt: row.outbox_due_at, heldMs: row.outbox_held_ms } : null,
    provenance: row.provenance_json === null ? null : (JSON.parse(row.provenance_json) as StepProvenance),
    caution: row.caution_json === null ? null : (JSON.parse(row.caution_json) as StepCaution),
  };
}
