/**
 * Approve → ticket → executor → ledger, and undo. Runs are serialised (one at a time, in
 * approval order) so that a pause lands between steps and never races a half-started one;
 * each step is claimed with an atomic status change, so it runs at most once.
 */
import { ApiError } from '@shared/api/errors.js';
import type { Action, Suggestion, SuggestionStatus } from '@shared/domain/types.js';
import type { AccountStore } from '../accounts/account-store.js';
import type { Clock } from '../clock.js';
import { executorFor } from '../connectors/registry.js';
import type { ExecutionContext, Executor } from '../connectors/types.js';
import type { CredentialProvider } from '../credentials/credential-provider.js';
import type { EventBus } from '../event-bus.js';
import type { Gate, Ticket } from '../gate/gate.js';
import type { KillSwitch } from '../gate/kill-switch.js';
import type { Ledger } from '../ledger/ledger.js';
import type { SuggestionStore } from '../suggestions/suggestion-store.js';
import { resolveId } from '../resolve-id.js';
import { toAction, type ActionRecord, type ActionStore } from './action-store.js';

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
}

const RETRYABLE: readonly SuggestionStatus[] = ['pending', 'failed', 'cancelled'];
const CRASHED = 'Steward stopped while this step was running. Approve again to retry: a step is never done twice.';
const NOT_STARTED = 'Steward stopped before this step started. Approve again to run it.';

export class ActionRunner {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ActionRunnerDeps) {}

  /** The user said yes to a suggestion's plan (as it was at `revision`, when given). */
  async approve(id: string, revision: number | undefined, actor: string): Promise<Suggestion> {
    const { suggestions, actions, ledger, killSwitch } = this.deps;
    const suggestion = this.requireSuggestion(id);
    if (killSwitch.paused) {
      ledger.append({
        kind: 'gate.refused',
        actor,
        summary: `Approval of "${suggestion.title}" refused: Steward is paused.`,
        accountId: suggestion.accountId,
        suggestionId: suggestion.id,
      });
      throw new ApiError('paused', 'Steward is paused, so nothing can run. Resume it first (the switch at the top, or `steward resume`).');
    }
    if (!RETRYABLE.includes(suggestion.status)) {
      throw new ApiError('conflict', `"${suggestion.title}" cannot be approved: it is ${describeStatus(suggestion.status)}.`);
    }
    if (revision !== undefined && revision !== suggestion.revision) {
      throw new ApiError('conflict', `"${suggestion.title}" changed since you saw it (it is now revision ${suggestion.revision}). Look at it again, then approve.`);
    }
    ledger.append({
      kind: 'suggestion.approved',
      actor,
      summary: `Approved "${suggestion.title}"`,
      accountId: suggestion.accountId,
      suggestionId: suggestion.id,
      detail: { revision: suggestion.revision, steps: suggestion.actions.map((a) => a.title) },
    });
    for (const step of suggestion.actions) {
      actions.transition(step.id, ['proposed', 'failed', 'cancelled', 'interrupted'], { status: 'approved', error: null });
    }
    suggestions.setStatus(suggestion.id, 'running');
    this.changed();
    await this.enqueue(() => this.runApproved(suggestion.id, actor, actor));
    return this.requireSuggestion(suggestion.id);
  }

  /** A plan whose every step the user allowed in advance (a standing grant). */
  runAllowed(suggestionId: string): Promise<void> {
    const { actions, suggestions } = this.deps;
    for (const step of actions.listFor(suggestionId)) actions.transition(step.actionId, ['proposed'], { status: 'approved' });
    suggestions.setStatus(suggestionId, 'running');
    this.changed();
    return this.enqueue(() => this.runApproved(suggestionId, null, 'engine (allowed by your permissions)'));
  }

  dismiss(id: string, actor: string): Suggestion {
    const suggestion = this.requireSuggestion(id);
    if (!RETRYABLE.includes(suggestion.status)) {
      throw new ApiError('conflict', `"${suggestion.title}" cannot be dismissed: it is ${describeStatus(suggestion.status)}.`);
    }
    this.deps.suggestions.setStatus(suggestion.id, 'dismissed');
    this.deps.ledger.append({
      kind: 'suggestion.dismissed',
      actor,
      summary: `Dismissed "${suggestion.title}"`,
      accountId: suggestion.accountId,
      suggestionId: suggestion.id,
    });
    this.changed();
    return this.requireSuggestion(suggestion.id);
  }

  /** Undoes one executed action, or every executed step of a suggestion (last first). */
  async undo(id: string, actor: string): Promise<Action[]> {
    const targets = this.undoTargets(id);
    return this.enqueue(async () => {
      const undone: Action[] = [];
      for (const target of targets) {
        const current = this.deps.actions.get(target.actionId);
        if (!current || current.status !== 'done' || current.undo === null) continue;
        await this.undoOne(current, actor);
        undone.push(toAction(this.deps.actions.get(current.actionId) ?? current));
      }
      const suggestionIds = new Set(targets.map((t) => t.suggestionId));
      for (const suggestionId of suggestionIds) {
        const steps = this.deps.actions.listFor(suggestionId);
        if (steps.some((s) => s.status === 'undone') && !steps.some((s) => s.status === 'done')) {
          this.deps.suggestions.setStatus(suggestionId, 'undone');
        }
      }
      this.changed();
      return undone;
    });
  }

  /**
   * At start-up, for plans the last process left half-way (it crashed or was stopped by force):
   * steps that were running are marked interrupted, steps not yet started are cancelled, and
   * with `confirm` each interrupted step is then checked on the server in the background, so
   * that one that did complete is recorded as done (and can be undone) instead of lost.
   */
  recoverInterrupted({ confirm }: { confirm: boolean }): void {
    const { actions, suggestions, ledger } = this.deps;
    const interrupted: ActionRecord[] = [];
    for (const step of actions.listUnfinished()) {
      if (step.status === 'running') {
        actions.transition(step.actionId, ['running'], { status: 'interrupted', error: CRASHED });
        ledger.append({ kind: 'action.failed', actor: 'engine', summary: `${step.title}: ${CRASHED}`, ...refs(step) });
        interrupted.push(step);
      } else if (actions.transition(step.actionId, ['approved'], { status: 'cancelled', error: NOT_STARTED })) {
        ledger.append({ kind: 'action.cancelled', actor: 'engine', summary: `${step.title}: ${NOT_STARTED}`, ...refs(step) });
      }
    }
    for (const suggestionId of suggestions.idsWithStatus('running')) {
      suggestions.setStatus(suggestionId, outcomeOf(actions.listFor(suggestionId)));
    }
    if (confirm) {
      for (const step of interrupted) {
        void this.enqueue(() => this.confirmInterrupted(step)).catch((error: unknown) =>
          console.error(`[steward] could not check "${step.title}" after the restart:`, error),
        );
      }
    }
  }

  /** Resolves once no run is queued or running, or after `timeoutMs`. */
  async idle(timeoutMs: number): Promise<void> {
    await Promise.race([this.queue, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }

  private async runApproved(suggestionId: string, approvedBy: string | null, actor: string): Promise<void> {
    const { actions, gate, ledger, clock } = this.deps;
    const steps = actions.listFor(suggestionId).filter((s) => s.status === 'approved');
    let stopReason: string | null = null;
    for (const step of steps) {
      if (stopReason !== null) {
        this.cancel(step, stopReason, actor);
        continue;
      }
      let ticket: Ticket;
      try {
        ticket = gate.authorize(step, approvedBy, actor);
      } catch (error) {
        stopReason = messageOf(error);
        this.cancel(step, stopReason, actor);
        continue;
      }
      if (!actions.transition(step.actionId, ['approved'], { status: 'running', error: null })) continue;
      this.changed();
      try {
        const outcome = await requireExecutor(step).execute(ticket, step.args, this.contextFor(step.accountId));
        actions.transition(step.actionId, ['running'], {
          status: 'done',
          result: outcome.summary,
          undo: outcome.undo,
          executedAt: clock.now().toISOString(),
        });
        ledger.append({ kind: 'action.executed', actor, summary: outcome.summary, ...refs(step), detail: { title: step.title } });
      } catch (error) {
        // Cut short or failed: the server may have done it anyway (a MOVE it had already
        // received completes even when the connection is then cut). Look before recording.
        const outcome = await this.reconcile(step);
        if (outcome) {
          actions.transition(step.actionId, ['running'], { status: 'done', result: outcome.summary, undo: outcome.undo, executedAt: clock.now().toISOString() });
          ledger.append({ kind: 'action.executed', actor, summary: outcome.summary, ...refs(step), detail: { title: step.title, confirmedAfter: messageOf(error) } });
        } else {
          const message = messageOf(error);
          const paused = error instanceof ApiError && error.code === 'paused';
          actions.transition(step.actionId, ['running'], { status: paused ? 'interrupted' : 'failed', error: message });
          ledger.append({ kind: 'action.failed', actor, summary: `${step.title}: ${message}`, ...refs(step) });
        }
        stopReason = 'Not run because an earlier step did not complete.';
      } finally {
        this.deps.onAccountChanged(step.accountId);
      }
      this.changed();
    }
    this.deps.suggestions.setStatus(suggestionId, outcomeOf(actions.listFor(suggestionId)));
    this.changed();
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
    const { actions, ledger, suggestions, clock } = this.deps;
    if (!actions.transition(step.actionId, ['interrupted'], { status: 'done', error: null, result: outcome.summary, undo: outcome.undo, executedAt: clock.now().toISOString() })) {
      return;
    }
    ledger.append({ kind: 'action.executed', actor: 'engine', summary: outcome.summary, ...refs(step), detail: { title: step.title, confirmedAfter: 'restart' } });
    suggestions.setStatus(step.suggestionId, outcomeOf(actions.listFor(step.suggestionId)));
    this.changed();
  }

  private async undoOne(step: ActionRecord, actor: string): Promise<void> {
    const { actions, gate, ledger, clock } = this.deps;
    const executor = requireExecutor(step);
    const ticket = gate.authorizeUndo(step);
    try {
      const outcome = await executor.undo(ticket, step.args, step.undo, this.contextFor(step.accountId));
      actions.transition(step.actionId, ['done'], { status: 'undone', undoneAt: clock.now().toISOString() });
      ledger.append({ kind: 'action.undone', actor, summary: outcome.summary, ...refs(step), detail: { title: step.title } });
    } catch (error) {
      ledger.append({ kind: 'action.failed', actor, summary: `Undo of "${step.title}" failed: ${messageOf(error)}`, ...refs(step), detail: { phase: 'undo' } });
      throw error instanceof ApiError ? error : new ApiError('internal', `Undo failed: ${messageOf(error)}`);
    } finally {
      this.deps.onAccountChanged(step.accountId);
    }
  }

  private cancel(step: ActionRecord, reason: string, actor: string): void {
    if (this.deps.actions.transition(step.actionId, ['approved'], { status: 'cancelled', error: reason })) {
      this.deps.ledger.append({ kind: 'action.cancelled', actor, summary: `${step.title}: ${reason}`, ...refs(step) });
    }
  }

  private undoTargets(id: string): ActionRecord[] {
    const { actions, suggestions } = this.deps;
    const action = resolveId(id, (p) => actions.idsStartingWith(p), 'action');
    const suggestion = action ? null : resolveId(id, (p) => suggestions.idsStartingWith(p), 'suggestion');
    if (!action && !suggestion) throw notFound(id);
    const candidates = action
      ? [actions.get(action)].filter((a): a is ActionRecord => a !== undefined)
      : actions.listFor(suggestion ?? '').reverse();
    const undoable = candidates.filter((a) => a.status === 'done' && a.undo !== null);
    if (undoable.length === 0) {
      const state = candidates[0]?.status;
      throw new ApiError(
        'conflict',
        state === 'undone' ? 'That was already undone.' : 'There is nothing to undo there: it has not run (or cannot be undone).',
      );
    }
    return undoable;
  }

  private contextFor(accountId: string): ExecutionContext {
    const account = this.deps.accounts.get(accountId);
    if (!account) throw new ApiError('not_found', 'The account this step belongs to was removed.');
    return { account, credentials: this.deps.credentials.forAccount(account) };
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
