/**
 * Turns detectors' drafts into suggestions the user sees: each step goes past the gate first
 * (recorded in the ledger), an open suggestion on the same subject is revised rather than
 * duplicated, and a plan the user allowed in advance runs without asking.
 */
import type { Db } from '../db/database.js';
import type { EventBus } from '../event-bus.js';
import type { SuggestionOrigin } from '@shared/domain/types.js';
import { NO_PROVENANCE, type Actor, type StepProvenance } from '../gate/facts.js';
import type { Gate } from '../gate/gate.js';
import type { GateVerdict } from '../gate/decide.js';
import type { Interruptions } from '../interruptions/interruptions.js';
import { ActionStore } from '../actions/action-store.js';
import type { SuggestionStore } from './suggestion-store.js';
import type { SuggestionDraft } from './suggestion-draft.js';

export interface ProposeOutcome {
  readonly suggestionId: string | null;
  readonly created: boolean;
  /** Every step was allowed by a standing grant or a rule: the caller runs it. */
  readonly allowedToRun: boolean;
  /** The user's rule ("Always do this") it runs under, when one matched; it names the rule in the ledger. */
  readonly rule: RuleRef | null;
}

/** A rule as the runner names it. */
export interface RuleRef {
  readonly id: string;
  readonly name: string;
}

/** Finds the user's active rule a new plan matches, by structured fields only. */
export interface RuleMatcher {
  matchFor(draft: SuggestionDraft): RuleRef | null;
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
    private readonly rules: RuleMatcher | null = null,
  ) {}

  propose(draft: SuggestionDraft, actor: Actor): ProposeOutcome {
    const provenance = provenanceOf(draft.origin);
    const outcome = this.db.transaction((): ProposeOutcome => {
      const existing = this.suggestions.openByDedupeKey(draft.dedupeKey);
      const suggestionId = existing?.id ?? this.suggestions.create(draft);
      // A growth keeps the steps there (each was reviewed when it was proposed) and adds its own
      // after them; a restatement replaces the steps that have not started.
      const grows = existing !== undefined && draft.grows === true;
      let firstPosition = 0;
      if (existing && grows) {
        this.suggestions.grow(existing.id, draft);
        firstPosition = this.actions.nextPosition(existing.id);
      } else if (existing) {
        this.suggestions.revise(existing.id, draft);
        this.actions.removeUnstarted(existing.id);
      }
      const rule = draft.steps.length > 0 ? (this.rules?.matchFor(draft) ?? null) : null;
      const verdicts: GateVerdict[] = draft.steps.map((step, index) => {
        const actionId = ActionStore.newId();
        const verdict = this.gate.reviewProposal({ ...step, actionId, suggestionId, provenance }, actor, rule);
        this.actions.insert(suggestionId, actionId, firstPosition + index, step, verdict.decision, { provenance, caution: verdict.caution });
        return verdict;
      });
      if (verdicts.some((v) => v.decision === 'deny')) {
        // The user denied a capability this plan needs: do not show it at all.
        this.suggestions.setStatus(suggestionId, 'expired');
        return { suggestionId: null, created: false, allowedToRun: false, rule: null };
      }
      // It takes over from an open suggestion on the same subject made another way (an RSVP for an
      // invitation first seen in the mail): that one is retired, so the user sees one card.
      for (const key of draft.replaces ?? []) {
        const older = this.suggestions.openByDedupeKey(key);
        if (!older || older.id === suggestionId) continue;
        this.suggestions.setStatus(older.id, 'expired');
        this.actions.removeUnstarted(older.id);
      }
      // A suggestion with no steps only points something out (a double booking): nothing runs,
      // and it stays until the user dismisses it.
      // A grown suggestion runs unasked only if the steps it had were allowed too (they would
      // have run already, so this is a grant that changed in between).
      const allowedToRun = verdicts.length > 0 && verdicts.every((v) => v.decision === 'allow') && (!grows || this.actions.unstartedAllAllowed(suggestionId));
      return { suggestionId, created: !existing, allowedToRun, rule: allowedToRun ? rule : null };
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

/** Where a draft's steps came from: the run and what it read, for a model's; nothing for a detector's. */
function provenanceOf(origin: SuggestionOrigin | undefined): StepProvenance {
  return origin?.kind === 'agent' ? { runId: origin.runId, untrustedItemIds: origin.untrustedItemIds } : NO_PROVENANCE;
}
