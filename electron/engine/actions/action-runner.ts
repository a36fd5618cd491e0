/**
 * Approve → ticket → executor → ledger, and undo. Runs are serialised (one at a time, in
 * approval order) so that a pause lands between steps and never races a half-started one;
 * each step is claimed with an atomic status change, so it runs at most once.
 *
 * Outward steps that cannot be taken back (sending mail, whatever the connector) first wait in
 * the outbox for the undo window (send-window.ts): status 'scheduled', a row in `outbox` with
 * its due time and who approved it. Until it is due, undo recalls it without the gate ever
 * issuing a ticket; the outbox clock (outbox.ts) hands it back here when due.
 *
 * A pause cuts short the step that is running; approved steps that have not started wait
 * ('held', see pause-hold.ts) with who approved them, and run on resume, each checked by the gate
 * again then. Until then undo cancels them, as it recalls a send.
 */
import { ApiError } from '@shared/api/errors.js';
import type { Action, ActionStatus, Suggestion, SuggestionStatus } from '@shared/domain/types.js';
import type { AccountStore } from '../accounts/account-store.js';
import type { Clock } from '../clock.js';
import { executorFor } from '../connectors/registry.js';
import type { ExecutionContext, ExecutionOutcome, Executor } from '../connectors/types.js';
import type { CredentialProvider } from '../credentials/credential-provider.js';
import type { EventBus } from '../event-bus.js';
import { parseActor } from '../gate/facts.js';
import { retireTicket, type Gate, type Ticket } from '../gate/gate.js';
import type { KillSwitch } from '../gate/kill-switch.js';
import type { Ledger } from '../ledger/ledger.js';
import type { SuggestionStore } from '../suggestions/suggestion-store.js';
import { resolveId } from '../resolve-id.js';
import { toAction, type ActionRecord, type ActionStore } from './action-store.js';
import type { OutboxStore } from './outbox-store.js';
import { AFTER_CANCELLED, BRAKED, CANCELLED_WHILE_HELD, CUT_SHORT, HELD, heldCancelRefusal, heldSummary, pauseHolds, resumedSummary } from './pause-hold.js';
import { dueAfter, heldRemainder, recallRefusal, waitsInOutbox } from './send-window.js';
import type { StepJournal } from './step-journal.js';
import type { Db } from '../db/database.js';

export interface ActionRunnerDeps {
  readonly actions: ActionStore;
  readonly suggestions: SuggestionStore;
  readonly accounts: AccountStore;
  readonly credentials: CredentialProvider;
  readonly gate: Gate;
  readonly killSwitch: KillSwitch;
  readonly ledger: Ledger;
  readonly events: EventBus;
  readonly clock: Clock;
  /** Told after a step changed an account's mailboxes, so sync catches up at once. */
  readonly onAccountChanged: (accountId: string) => void;
  /** Approved sends waiting out their undo window. */
  readonly outbox: OutboxStore;
  /** Told when a step entered or left the outbox, so its clock looks again. */
  readonly onOutboxChanged: () => void;
  /** How long an approved send waits, in milliseconds (the mail.undoSendSeconds setting). */
  readonly undoWindowMs: () => number;
  /** Executors' durable notes about what they already did. */
  readonly journal: StepJournal;
  /** The engine's database, handed to executors of connectors with tables of their own. */
  readonly db: Db;
  /**
   * Before approval, for a plan that composes a message: makes it a send (true) or a draft
   * (false), through the gate like any step. Throws in words when it cannot.
   */
  readonly chooseDelivery: (suggestionId: string, send: boolean, actor: string) => void;
  /** A rule's name by id, for the ledger's words about what ran under it (also after a restart). */
  readonly ruleName?: (ruleId: string) => string | null;
}

const RETRYABLE: readonly SuggestionStatus[] = ['pending', 'failed', 'cancelled'];
const CRASHED = 'Steward stopped while this step was running. Approve again to retry: a step is never done twice.';
const NOT_STARTED = 'Steward stopped before this step started. Approve again to run it.';
const RECALLED = 'Recalled: you undid it before it was sent. Nothing left Steward.';
const RESUMED_AFTER_RESTART = 'Steward stopped while sending this; it is sent now (at most once: what already reached the server is not sent again).';
/** Statuses from which a step can be approved (again). */
const APPROVABLE: readonly ActionStatus[] = ['proposed', 'failed', 'cancelled', 'interrupted'];

export class ActionRunner {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ActionRunnerDeps) {}

  /**
   * The user said yes to a suggestion's plan (as it was at `revision`, when given). `send` picks
   * how a composed message is delivered (see ActionRunnerDeps.chooseDelivery). Resolves once the
   * plan has run, or once its send waits in the outbox.
   */
  async approve(id: string, revision: number | undefined, actor: string, options: { readonly send?: boolean } = {}): Promise<Suggestion> {
    const { suggestions, ledger, killSwitch } = this.deps;
    const seen = this.requireSuggestion(id);
    if (killSwitch.paused) {
      ledger.append({
        kind: 'gate.refused',
        actor,
        summary: `Approval of "${seen.title}" refused: Steward is paused.`,
        accountId: seen.accountId,
        suggestionId: seen.id,
      });
      throw new ApiError('paused', 'Steward is paused, so nothing can run. Resume it first (the switch at the top, or `steward resume`).');
    }
    if (!RETRYABLE.includes(seen.status)) {
      throw new ApiError('conflict', `"${seen.title}" cannot be approved: it is ${describeStatus(seen.status)}.`);
    }
    if (revision !== undefined && revision !== seen.revision) {
      throw new ApiError('conflict', `"${seen.title}" changed since you saw it (it is now revision ${seen.revision}). Look at it again, then approve.`);
    }
    if (options.send !== undefined) this.deps.chooseDelivery(seen.id, options.send, actor);
    const suggestion = this.requireSuggestion(seen.id);
    const queued = ledger.atomically(() => {
      ledger.append({
        kind: 'suggestion.approved',
        actor,
        summary: `Approved "${suggestion.title}"`,
        accountId: suggestion.accountId,
        suggestionId: suggestion.id,
        detail: { revision: suggestion.revision, steps: suggestion.actions.map((a) => a.title), ...(options.send !== undefined ? { send: options.send } : {}) },
      });
      const admitted = this.admit(suggestion.id, APPROVABLE, actor);
      suggestions.setStatus(suggestion.id, 'running');
      return admitted;
    });
    if (queued) this.deps.onOutboxChanged();
    this.changed();
    await this.enqueue(() => this.runApproved(suggestion.id, actor, actor));
    return this.requireSuggestion(suggestion.id);
  }

  /**
   * Approves a plan's steps: outward steps that cannot be taken back go to the outbox with a due
   * time (recorded in the ledger); the rest are approved to run now. Call it inside a ledger
   * transaction; true when something went to the outbox (tell its clock once committed).
   */
  private admit(suggestionId: string, from: readonly ActionStatus[], approvedBy: string): boolean {
    const { actions, outbox, ledger, clock } = this.deps;
    const windowMs = this.deps.undoWindowMs();
    let queued = false;
    for (const step of actions.listFor(suggestionId)) {
      if (!waitsInOutbox(step.capability)) {
        actions.transition(step.actionId, from, { status: 'approved', error: null, approvedBy });
        continue;
      }
      const dueAt = dueAfter(clock.now(), windowMs);
      if (!actions.transition(step.actionId, from, { status: 'scheduled', error: null, approvedBy })) continue;
      outbox.put(step.actionId, approvedBy, windowMs, dueAt);
      queued = true;
      ledger.append({
        kind: 'action.scheduled',
        actor: approvedBy,
        summary: `${step.title}: waits in the outbox until ${dueAt} (undo recalls it until then)`,
        ...refs(step),
        detail: { dueAt, windowMs },
      });
    }
    return queued;
  }

  /**
   * A plan whose every step the user allowed in advance: by a standing grant, or by a rule they
   * made ("Always do this"), which then approves it as the actor `rule:<id>` (the gate still
   * decides each step, and the ledger names the rule). Sends still wait out the window.
   */
  runAllowed(suggestionId: string, rule: { readonly id: string } | null = null): Promise<void> {
    const { suggestions, ledger } = this.deps;
    const by = rule ? `rule:${rule.id}` : ALLOWED_ACTOR;
    const queued = ledger.atomically(() => {
      const admitted = this.admit(suggestionId, ['proposed'], by);
      suggestions.setStatus(suggestionId, 'running');
      return admitted;
    });
    if (queued) this.deps.onOutboxChanged();
    this.changed();
    return this.enqueue(() => this.runApproved(suggestionId, rule ? by : null, by));
  }

  /** " (under your rule “Archive newsletters…”)" for what ran under a rule; '' otherwise. */
  private underRule(actor: string): string {
    if (!actor.startsWith('rule:')) return '';
    const id = actor.slice('rule:'.length);
    return ` (under your rule “${this.deps.ruleName?.(id) ?? id}”)`;
  }

  /**
   * The outbox clock says a step is due: claim it (only a step still waiting can be) and run it
   * with the approval it was given. Not while paused: the pause holds it.
   */
  sendDue(actionId: string): Promise<void> {
    return this.enqueue(async () => {
      const { actions, outbox, killSwitch, clock } = this.deps;
      const row = outbox.get(actionId);
      const step = actions.get(actionId);
      if (!row || !step || step.status !== 'scheduled' || killSwitch.paused) return;
      if (row.dueAt === null || Date.parse(row.dueAt) > clock.now().getTime()) return;
      if (!actions.transition(actionId, ['scheduled'], { status: 'approved', error: null })) return;
      const approvedBy = row.approvedBy === ALLOWED_ACTOR ? null : row.approvedBy;
      await this.runApproved(step.suggestionId, approvedBy, row.approvedBy);
      this.settleOutbox(actionId);
    });
  }

  /**
   * Recalls steps still waiting in the outbox, or held by a pause: nothing has left and no
   * ticket was issued, so this is a plain cancellation. Runs at once, outside the queue (a plan
   * running ahead must not keep the user waiting until the window passes); the atomic claims in
   * sendDue and runApproved make a race harmless: whichever changes the status first wins.
   */
  private recall(steps: readonly ActionRecord[], actor: string): Action[] {
    const { actions, outbox, ledger } = this.deps;
    const recalled: Action[] = [];
    for (const step of steps) {
      const held = step.status === 'held';
      const why = held ? CANCELLED_WHILE_HELD : RECALLED;
      const ok = ledger.atomically(() => {
        if (!actions.transition(step.actionId, [step.status], { status: 'cancelled', error: why })) return false;
        outbox.remove(step.actionId);
        ledger.append({ kind: 'action.cancelled', actor, summary: `${step.title}: ${why}`, ...refs(step), detail: held ? { whilePaused: true } : { recalled: true } });
        // Later steps of the plan waited for this one: they do not run either.
        for (const later of actions.listFor(step.suggestionId).filter((s) => s.position > step.position)) {
          this.cancel(later, held ? AFTER_CANCELLED : 'Not run because you recalled an earlier step.', actor);
        }
        this.deps.suggestions.setStatus(step.suggestionId, this.outcomeOf(step.suggestionId));
        return true;
      });
      if (!ok) {
        const now = actions.get(step.actionId);
        const refusal = held ? heldCancelRefusal(now?.status ?? 'cancelled') : recallRefusal(now?.status ?? 'cancelled', now?.executedAt ?? null, clockTime);
        throw new ApiError('conflict', refusal ?? 'It can no longer be recalled.');
      }
      recalled.push(toAction(actions.get(step.actionId) ?? step));
    }
    this.deps.onOutboxChanged();
    this.changed();
    return recalled;
  }

  /**
   * A pause began at `pausedAt` (only an engine that carries out work is told): the outbox's
   * countdowns stop, and approved steps that have not started wait for the resume. The step
   * running now is cut short by the pause itself (its ticket is void).
   */
  onPaused(pausedAt: string): void {
    this.holdOutbox(pausedAt);
    // After the code that paused has recorded the pause, so the ledger reads in order; nothing
    // can start in between (a step that reaches the gate first is held there).
    queueMicrotask(() => {
      try {
        this.holdApproved();
      } catch (error) {
        console.error('[steward] could not hold the approved steps for the pause:', error);
      }
    });
  }

  /** Steward resumed: the outbox counts down again and held steps run, in order. */
  onResumed(): void {
    this.releaseOutbox();
    this.releaseHeld();
  }

  /** Every outbox countdown stops, keeping what was left of it. */
  private holdOutbox(pausedAt: string): void {
    const { outbox } = this.deps;
    for (const row of outbox.list()) {
      if (row.dueAt !== null) outbox.hold(row.actionId, heldRemainder(row.dueAt, pausedAt));
    }
    this.changed();
  }

  /**
   * Steward resumed: held countdowns go on with what was left, and a send a pause stopped before
   * it left (interrupted, still in the outbox) is due at once: its window had already passed.
   */
  private releaseOutbox(): void {
    const { outbox, actions, clock } = this.deps;
    for (const row of outbox.list()) {
      const step = actions.get(row.actionId);
      if (!step) {
        outbox.remove(row.actionId);
        continue;
      }
      if (step.status === 'scheduled' && row.dueAt === null) {
        outbox.setDue(row.actionId, dueAfter(clock.now(), row.heldMs ?? 0));
      } else if (step.status === 'interrupted' && actions.transition(row.actionId, ['interrupted'], { status: 'scheduled', error: null })) {
        outbox.setDue(row.actionId, clock.now().toISOString());
        this.deps.suggestions.setStatus(step.suggestionId, 'running');
      }
    }
    this.deps.onOutboxChanged();
    this.changed();
  }

  /**
   * At start-up of an engine that carries out work: the outbox as the last process left it.
   * Waiting steps go on counting from their stored due time (so a restart neither sends early
   * nor loses the message); a paused engine holds them. A send the last process died in is due
   * again at once: its executor's journal knows what already reached the server, so it is sent
   * at most once and filed in Sent once.
   */
  recoverOutbox(): void {
    const { outbox, actions, ledger, killSwitch, clock } = this.deps;
    const pausedAt = killSwitch.current.at ?? clock.now().toISOString();
    for (const row of outbox.list()) {
      const step = actions.get(row.actionId);
      if (!step) {
        outbox.remove(row.actionId);
        continue;
      }
      if (step.status === 'running' || step.status === 'approved' || step.status === 'interrupted') {
        const resumed = ledger.atomically(() => {
          if (!actions.transition(step.actionId, ['running', 'approved', 'interrupted'], { status: 'scheduled', error: null })) return false;
          outbox.setDue(step.actionId, clock.now().toISOString());
          ledger.append({ kind: 'action.scheduled', actor: 'engine', summary: `${step.title}: ${RESUMED_AFTER_RESTART}`, ...refs(step), detail: { afterRestart: true } });
          this.deps.suggestions.setStatus(step.suggestionId, 'running');
          return true;
        });
        if (!resumed) continue;
      } else if (step.status !== 'scheduled') {
        outbox.remove(step.actionId);
        continue;
      }
      const current = outbox.get(step.actionId);
      if (!current) continue;
      if (killSwitch.paused && current.dueAt !== null) outbox.hold(step.actionId, heldRemainder(current.dueAt, pausedAt));
      if (!killSwitch.paused && current.dueAt === null) outbox.setDue(step.actionId, dueAfter(clock.now(), current.heldMs ?? 0));
    }
    this.deps.onOutboxChanged();
  }

  /**
   * Approved steps not yet started wait, with who approved them, so that neither this process
   * nor one after a restart cancels them. Not those behind a send in the outbox: the send holds
   * them back already, and they run after it.
   */
  private holdApproved(): void {
    let held = false;
    for (const step of this.deps.actions.listUnfinished()) {
      if (step.status === 'approved' && step.approvedBy !== null) held = this.hold(step, step.approvedBy) || held;
    }
    if (held) this.changed();
  }

  /**
   * A step approved by `approver` waits for the resume: its status, why, and the ledger entry, at
   * once. Unless the safety brake paused and nobody asked for it: then it is cancelled (see pauseHolds).
   */
  private hold(step: ActionRecord, approver: string): boolean {
    const { actions, ledger, killSwitch } = this.deps;
    if (!pauseHolds(killSwitch.current.by, approver)) {
      this.cancel(step, BRAKED, 'breaker');
      return true;
    }
    return ledger.atomically(() => {
      if (!actions.transition(step.actionId, ['approved'], { status: 'held', error: HELD, approvedBy: approver })) return false;
      ledger.append({ kind: 'action.held', actor: 'engine', summary: heldSummary(step.title), ...refs(step), detail: { approvedBy: approver } });
      return true;
    });
  }

  /**
   * Runs every held step, plan by plan in the order they were proposed, each as it was approved
   * (the gate decides again: a permission changed during the pause applies). Nothing while paused.
   */
  private releaseHeld(): void {
    if (this.deps.killSwitch.paused) return;
    const approvers = new Map<string, string>();
    for (const step of this.deps.actions.listHeld()) {
      if (!approvers.has(step.suggestionId)) approvers.set(step.suggestionId, step.approvedBy ?? ALLOWED_ACTOR);
    }
    for (const [suggestionId, approver] of approvers) {
      const approvedBy = approver === ALLOWED_ACTOR ? null : approver;
      void this.enqueue(() => this.runApproved(suggestionId, approvedBy, approver)).catch((error: unknown) =>
        console.error('[steward] a step held by the pause failed to run after the resume:', error),
      );
    }
  }

  /** A step that left the outbox for good (sent, failed, cancelled) takes its row with it. */
  private settleOutbox(actionId: string): void {
    const step = this.deps.actions.get(actionId);
    if (!step || step.status === 'done' || step.status === 'failed' || step.status === 'cancelled' || step.status === 'undone') {
      this.deps.outbox.remove(actionId);
    }
    this.deps.onOutboxChanged();
  }

  dismiss(id: string, actor: string): Suggestion {
    const suggestion = this.requireSuggestion(id);
    if (suggestion.actions.some((a) => a.status === 'held')) {
      throw new ApiError('conflict', `"${suggestion.title}" cannot be dismissed: it is approved and waits for the resume. Cancel it first (Don’t run, or steward undo ${suggestion.id.slice(0, 8)}).`);
    }
    if (!RETRYABLE.includes(suggestion.status)) {
      throw new ApiError('conflict', `"${suggestion.title}" cannot be dismissed: it is ${describeStatus(suggestion.status)}.`);
    }
    const { ledger } = this.deps;
    ledger.atomically(() => {
      this.deps.suggestions.setStatus(suggestion.id, 'dismissed');
      ledger.append({
        kind: 'suggestion.dismissed',
        actor,
        summary: `Dismissed "${suggestion.title}"`,
        accountId: suggestion.accountId,
        suggestionId: suggestion.id,
      });
    });
    this.changed();
    return this.requireSuggestion(suggestion.id);
  }

  /**
   * Undoes one executed action, or every executed step of a suggestion (last first). A send still
   * waiting in the outbox, or a step a pause holds, is cancelled instead (nothing happened yet).
   */
  async undo(id: string, actor: string): Promise<Action[]> {
    const waiting = this.waitingInOutbox(id);
    if (waiting.length > 0) return this.recall(waiting, actor);
    const targets = this.undoTargets(id);
    return this.enqueue(async () => {
      const undone: Action[] = [];
      for (const target of targets) {
        const current = this.deps.actions.get(target.actionId);
        if (!current || current.status !== 'done' || current.undo === null) continue;
        await this.undoOne(current, actor);
        undone.push(toAction(this.deps.actions.get(current.actionId) ?? current));
      }
      this.settleUndone(targets.map((t) => t.suggestionId));
      this.changed();
      return undone;
    });
  }

  /**
   * At start-up, for plans the last process left half-way (it crashed or was stopped by force):
   * steps that were running are marked interrupted, steps not yet started are cancelled (or, in
   * a paused engine, held for the resume), and with `confirm` each interrupted step is then
   * checked on the server in the background, so that one that did complete is recorded as done
   * (and can be undone) instead of lost. Steps a pause held stay held; with `confirm` (an engine
   * that carries out work) and not paused, they run now.
   */
  recoverInterrupted({ confirm }: { confirm: boolean }): void {
    const { actions, suggestions, ledger, killSwitch } = this.deps;
    const interrupted: ActionRecord[] = [];
    for (const step of actions.listUnfinished()) {
      if (step.status === 'approved' && killSwitch.paused && step.approvedBy !== null && this.hold(step, step.approvedBy)) continue;
      ledger.atomically(() => {
        if (step.status === 'running') {
          if (!actions.transition(step.actionId, ['running'], { status: 'interrupted', error: CRASHED })) return;
          ledger.append({ kind: 'action.failed', actor: 'engine', summary: `${step.title}: ${CRASHED}`, ...refs(step) });
          interrupted.push(step);
        } else if (actions.transition(step.actionId, ['approved'], { status: 'cancelled', error: NOT_STARTED })) {
          ledger.append({ kind: 'action.cancelled', actor: 'engine', summary: `${step.title}: ${NOT_STARTED}`, ...refs(step) });
        }
      });
    }
    for (const suggestionId of suggestions.idsWithStatus('running')) {
      suggestions.setStatus(suggestionId, this.outcomeOf(suggestionId));
    }
    if (confirm) {
      for (const step of interrupted) {
        void this.enqueue(() => this.confirmInterrupted(step)).catch((error: unknown) =>
          console.error(`[steward] could not check "${step.title}" after the restart:`, error),
        );
      }
      this.releaseHeld();
    }
  }

  /** A plan none of whose steps stays done after an undo is undone as a whole. */
  private settleUndone(suggestionIds: Iterable<string>): void {
    for (const suggestionId of new Set(suggestionIds)) {
      const steps = this.deps.actions.listFor(suggestionId);
      if (steps.some((s) => s.status === 'undone') && !steps.some((s) => s.status === 'done')) {
        this.deps.suggestions.setStatus(suggestionId, 'undone');
      }
    }
  }

  /**
   * At start-up of an engine that carries out work, for undos the last process died in (the
   * mail may be back already, with the action still saying done and offering Undo): each is
   * checked on the server in the background, and one whose effect is in place is recorded as
   * undone. One that did not happen stays done, and Undo can be tried again.
   */
  recoverUndos(): void {
    for (const step of this.deps.actions.listUndoCutShort()) {
      void this.enqueue(() => this.confirmUndo(step)).catch((error: unknown) =>
        console.error(`[steward] could not check the undo of "${step.title}" after the restart:`, error),
      );
    }
  }

  private async confirmUndo(step: ActionRecord): Promise<void> {
    const outcome = await this.reconcileUndo(step);
    const { actions, ledger, clock } = this.deps;
    if (!outcome) {
      actions.markUndoStarted(step.actionId, null);
      return;
    }
    ledger.atomically(() => {
      if (!actions.transition(step.actionId, ['done'], { status: 'undone', undoneAt: clock.now().toISOString() })) return;
      ledger.append({ kind: 'action.undone', actor: 'engine', summary: outcome.summary, ...refs(step), detail: { title: step.title, confirmedAfter: 'restart' } });
    });
    this.settleUndone([step.suggestionId]);
    this.changed();
  }

  /** Whether the server shows an undo of `step` in effect; null when not, or when it cannot tell. */
  private async reconcileUndo(step: ActionRecord): Promise<{ summary: string } | null> {
    try {
      const executor = executorFor(step.app, step.capability);
      return executor?.reconcileUndo ? await executor.reconcileUndo(step.actionId, step.args, step.undo, this.contextFor(step.accountId)) : null;
    } catch {
      return null;
    }
  }

  /** Resolves once no run is queued or running, or after `timeoutMs`. */
  async idle(timeoutMs: number): Promise<void> {
    await Promise.race([this.queue, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }

  /**
   * Runs a plan's approved (or held, after a resume) steps in order. While paused, each step not
   * started waits instead ('held'), and the run ends: the resume starts it again.
   */
  private async runApproved(suggestionId: string, approvedBy: string | null, actor: string): Promise<void> {
    const { actions, gate, ledger, killSwitch } = this.deps;
    let stopReason: string | null = null;
    for (const listed of actions.listFor(suggestionId)) {
      const step = actions.get(listed.actionId) ?? listed;
      // A step waiting in the outbox holds back the steps after it until it has run.
      if (step.status === 'scheduled') break;
      if (step.status !== 'approved' && step.status !== 'held') continue;
      if (stopReason !== null) {
        this.cancel(step, stopReason, actor);
        continue;
      }
      if (killSwitch.paused) {
        this.hold(step, actor);
        continue;
      }
      if (step.status === 'held') {
        ledger.append({ kind: 'action.resumed', actor, summary: resumedSummary(step.title, actor, (id) => this.deps.ruleName?.(id) ?? id), ...refs(step) });
      }
      let ticket: Ticket;
      try {
        ticket = gate.authorize(step, approvedBy === null ? null : parseActor(approvedBy), parseActor(actor));
      } catch (error) {
        // The gate paused Steward itself (the safety brake): the step waits like the rest.
        if (error instanceof ApiError && error.code === 'paused' && killSwitch.paused) {
          this.hold(actions.get(step.actionId) ?? step, actor);
          continue;
        }
        stopReason = messageOf(error);
        this.cancel(step, stopReason, actor);
        continue;
      }
      if (!actions.transition(step.actionId, ['approved', 'held'], { status: 'running', error: null })) continue;
      this.changed();
      try {
        const outcome = await requireExecutor(step)
          .execute(ticket, step.args, this.contextFor(step.accountId))
          .finally(() => retireTicket(ticket));
        this.recordDone(step, ['running'], outcome, actor, { title: step.title });
      } catch (error) {
        // Cut short or failed: the server may have done it anyway (a MOVE it had already
        // received completes even when the connection is then cut). Look before recording.
        const outcome = await this.reconcile(step);
        if (outcome) {
          this.recordDone(step, ['running'], outcome, actor, { title: step.title, confirmedAfter: messageOf(error) });
        } else {
          const paused = error instanceof ApiError && error.code === 'paused';
          const message = paused ? CUT_SHORT : messageOf(error);
          ledger.atomically(() => {
            if (actions.transition(step.actionId, ['running'], { status: paused ? 'interrupted' : 'failed', error: message })) {
              ledger.append({ kind: 'action.failed', actor, summary: `${step.title}: ${message}`, ...refs(step) });
            }
          });
        }
        // A pause cut this one short: the steps after it wait for the resume (see above), as
        // steps not started do; any other failure stops the plan.
        if (!(error instanceof ApiError && error.code === 'paused')) stopReason = 'Not run because an earlier step did not complete.';
      } finally {
        this.deps.onAccountChanged(step.accountId);
      }
      this.changed();
    }
    this.deps.suggestions.setStatus(suggestionId, this.outcomeOf(suggestionId));
    this.changed();
  }

  /** Where a plan stands after a run: still running while a step of it waits in the outbox or for a resume. */
  private outcomeOf(suggestionId: string): SuggestionStatus {
    const steps = this.deps.actions.listFor(suggestionId);
    if (steps.some((s) => s.status === 'scheduled' || s.status === 'held') || (this.deps.outbox.suggestionIds().has(suggestionId) && steps.some((s) => s.status === 'approved' || s.status === 'running'))) {
      return 'running';
    }
    return outcomeOf(steps);
  }

  /** What the server says happened for a step that was cut short; null when nothing did (or it cannot tell). */
  private async reconcile(step: ActionRecord): Promise<{ summary: string; undo: unknown } | null> {
    try {
      const executor = executorFor(step.app, step.capability);
      return executor ? await executor.reconcile(step.actionId, step.args, this.contextFor(step.accountId)) : null;
    } catch {
      return null;
    }
  }

  private async confirmInterrupted(step: ActionRecord): Promise<void> {
    const outcome = await this.reconcile(step);
    if (!outcome) return;
    if (!this.recordDone(step, ['interrupted'], outcome, 'engine', { title: step.title, confirmedAfter: 'restart' })) return;
    this.deps.suggestions.setStatus(step.suggestionId, this.outcomeOf(step.suggestionId));
    this.changed();
  }

  /** A step's effect happened: its status and its ledger entry, in one transaction. */
  private recordDone(step: ActionRecord, from: readonly ActionStatus[], outcome: ExecutionOutcome, actor: string, detail: Record<string, unknown>): boolean {
    const { actions, ledger, clock } = this.deps;
    return ledger.atomically(() => {
      const change = { status: 'done', error: null, result: outcome.summary, undo: outcome.undo, executedAt: clock.now().toISOString() } as const;
      if (!actions.transition(step.actionId, from, change)) return false;
      ledger.append({ kind: 'action.executed', actor, summary: outcome.summary + this.underRule(actor), ...refs(step), detail });
      return true;
    });
  }

  private async undoOne(step: ActionRecord, actor: string): Promise<void> {
    const { actions, gate, ledger, clock } = this.deps;
    const executor = requireExecutor(step);
    const ticket = gate.authorizeUndo(step, parseActor(actor));
    // Noted before the server is touched: a kill from here on is checked at the next start.
    actions.markUndoStarted(step.actionId, clock.now().toISOString());
    const recordUndone = (summary: string, detail: Record<string, unknown>) =>
      ledger.atomically(() => {
        if (actions.transition(step.actionId, ['done'], { status: 'undone', undoneAt: clock.now().toISOString() })) {
          ledger.append({ kind: 'action.undone', actor, summary, ...refs(step), detail: { title: step.title, ...detail } });
        }
      });
    try {
      const outcome = await executor.undo(ticket, step.args, step.undo, this.contextFor(step.accountId)).finally(() => retireTicket(ticket));
      recordUndone(outcome.summary, {});
    } catch (error) {
      // Cut short or failed: the server may have moved the mail back anyway. Look first.
      const confirmed = await this.reconcileUndo(step);
      if (confirmed) {
        recordUndone(confirmed.summary, { confirmedAfter: messageOf(error) });
        return;
      }
      ledger.atomically(() => {
        actions.markUndoStarted(step.actionId, null);
        ledger.append({ kind: 'action.failed', actor, summary: `Undo of "${step.title}" failed: ${messageOf(error)}`, ...refs(step), detail: { phase: 'undo' } });
      });
      throw error instanceof ApiError ? error : new ApiError('internal', `Undo failed: ${messageOf(error)}`);
    } finally {
      this.deps.onAccountChanged(step.accountId);
    }
  }

  private cancel(step: ActionRecord, reason: string, actor: string): void {
    const { actions, ledger } = this.deps;
    ledger.atomically(() => {
      if (actions.transition(step.actionId, ['approved', 'held'], { status: 'cancelled', error: reason })) {
        ledger.append({ kind: 'action.cancelled', actor, summary: `${step.title}: ${reason}`, ...refs(step) });
      }
    });
  }

  private undoTargets(id: string): ActionRecord[] {
    const candidates = this.candidatesFor(id);
    const undoable = candidates.filter((a) => a.status === 'done' && a.undo !== null);
    if (undoable.length === 0) {
      const state = candidates[0]?.status;
      const sent = candidates.find((a) => waitsInOutbox(a.capability) && (a.status === 'done' || a.status === 'running' || a.status === 'approved'));
      throw new ApiError(
        'conflict',
        sent
          ? (recallRefusal(sent.status, sent.executedAt, clockTime) ?? 'It can no longer be recalled.')
          : state === 'undone'
            ? 'That was already undone.'
            : 'There is nothing to undo there: it has not run (or cannot be undone).',
      );
    }
    return undoable;
  }

  /** Of the action or suggestion `id`, the steps that wait: in the outbox, or for a resume. */
  private waitingInOutbox(id: string): ActionRecord[] {
    return this.candidatesFor(id).filter((a) => a.status === 'scheduled' || a.status === 'held');
  }

  /** The action `id`, or the steps of the suggestion `id`, last first. */
  private candidatesFor(id: string): ActionRecord[] {
    const { actions, suggestions } = this.deps;
    const action = resolveId(id, (p) => actions.idsStartingWith(p), 'action');
    const suggestion = action ? null : resolveId(id, (p) => suggestions.idsStartingWith(p), 'suggestion');
    if (!action && !suggestion) throw notFound(id);
    return action ? [actions.get(action)].filter((a): a is ActionRecord => a !== undefined) : actions.listFor(suggestion ?? '').reverse();
  }

  private contextFor(accountId: string): ExecutionContext {
    const account = this.deps.accounts.get(accountId);
    if (!account) throw new ApiError('not_found', 'The account this step belongs to was removed.');
    return { account, credentials: this.deps.credentials.forAccount(account), journal: this.deps.journal, db: this.deps.db };
  }

  private requireSuggestion(id: string): Suggestion {
    const full = resolveId(id, (p) => this.deps.suggestions.idsStartingWith(p), 'suggestion');
    const suggestion = full ? this.deps.suggestions.get(full) : undefined;
    if (!suggestion) throw notFound(id);
    return suggestion;
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private changed(): void {
    this.deps.events.emit({ type: 'suggestions.changed' });
    this.deps.events.emit({ type: 'activity.changed' });
    this.deps.events.emit({ type: 'status.changed' });
  }
}

const ALLOWED_ACTOR = 'engine (allowed by your permissions)';

/** "09:14:03" in the engine's local time, for messages about when something happened. */
function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString('en-GB');
}

function requireExecutor(step: ActionRecord): Executor {
  const executor = executorFor(step.app, step.capability);
  if (!executor) throw new ApiError('unavailable', `Steward cannot do ${step.capability} for ${step.app} accounts yet.`);
  return executor;
}

function notFound(id: string): ApiError {
  return new ApiError('not_found', `Nothing with id "${id}". List suggestions with \`steward suggestions\` and activity with \`steward suggestions --all\`.`);
}

function outcomeOf(steps: readonly ActionRecord[]): SuggestionStatus {
  if (steps.every((s) => s.status === 'done')) return 'done';
  if (steps.some((s) => s.status === 'failed' || s.status === 'interrupted')) return 'failed';
  return 'cancelled';
}

function describeStatus(status: SuggestionStatus): string {
  switch (status) {
    case 'running':
      return 'running now';
    case 'done':
      return 'already done';
    case 'dismissed':
      return 'dismissed';
    case 'undone':
      return 'undone';
    case 'expired':
      return 'no longer needed (its messages left the inbox)';
    default:
      return status;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function refs(step: ActionRecord) {
  return { capability: step.capability, accountId: step.accountId, suggestionId: step.suggestionId, actionId: step.actionId };
}
