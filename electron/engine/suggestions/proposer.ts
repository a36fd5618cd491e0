/**
 * Turns detectors' drafts into suggestions the user sees: each step goes past the gate first
 * (recorded in the ledger), an open suggestion on the same subject is revised rather than
 * duplicated, and a plan the user allowed in advance runs without asking.
 */
import type { Db } from '../db/database.js';
import type { EventBus } from '../event-bus.js';
import type { Gate } from '../gate/gate.js';
import type { GateVerdict } from '../gate/decide.js';
import type { Interruptions } from '../interruptions/interruptions.js';
import { ActionStore } from '../actions/action-store.js';
import type { SuggestionStore } from './suggestion-store.js';
import type { SuggestionDraft } from './suggestion-draft.js';

export interface ProposeOutcome {
  readonly suggestionId: string | null;
  readonly created: boolean;
  /** Every step was allowed by a standing grant: the caller runs it. */
  readonly allowedToRun: boolean;
}

export class Proposer {
  constructor(
    private readonly db: Db,
    private readonly suggestions: SuggestionStore,
    private readonly actions: ActionStore,
    private readonly gate: Gate,
    private readonly events: EventBus,
    /** Decides (and records) whether a new suggestion interrupts the user now. */
    private readonly interruptions: Interruptions,
  ) {}

  propose(draft: SuggestionDraft, actor: string): ProposeOutcome {
    const outcome = this.db.transaction((): ProposeOutcome => {
      const existing = this.suggestions.openByDedupeKey(draft.dedupeKey);
      const suggestionId = existing?.id ?? this.suggestions.create(draft);
      if (existing) {
        this.suggestions.revise(existing.id, draft);
        this.actions.removeUnstarted(existing.id);
      }
      const verdicts: GateVerdict[] = draft.steps.map((step, position) => {
        const actionId = ActionStore.newId();
        const verdict = this.gate.reviewProposal({ ...step, actionId, suggestionId }, actor);
        this.actions.insert(suggestionId, actionId, position, step, verdict.decision);
        return verdict;
      });
      if (verdicts.some((v) => v.decision === 'deny')) {
        // The user denied a capability this plan needs: do not show it at all.
        this.suggestions.setStatus(suggestionId, 'expired');
        return { suggestionId: null, created: false, allowedToRun: false };
      }
      // A suggestion with no steps only points something out (a double booking): nothing runs,
      // and it stays until the user dismisses it.
      return { suggestionId, created: !existing, allowedToRun: verdicts.length > 0 && verdicts.every((v) => v.decision === 'allow') };
    })();

    if (outcome.suggestionId) {
      this.events.emit({ type: 'suggestions.changed' });
      this.events.emit({ type: 'status.changed' });
      if (outcome.created) {
        const s = this.suggestions.get(outcome.suggestionId);
        if (s) {
          const interrupt = this.interruptions.decideFor(s.id, s.urgency).notify;
          const suggestion = { id: s.id, title: s.title, why: s.why, urgency: s.urgency, interrupt };
          this.events.emit({ type: 'suggestion.created', suggestion });
        }
      }
    }
    return outcome;
  }

  /** An open suggestion whose subject went away (the user archived the mail elsewhere). */
  expire(suggestionId: string): void {
    this.suggestions.setStatus(suggestionId, 'expired');
    this.events.emit({ type: 'suggestions.changed' });
    this.events.emit({ type: 'status.changed' });
  }
}
