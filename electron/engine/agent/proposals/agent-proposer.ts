/**
 * What a run proposed, put to the user: every step goes through the engine's Proposer (so the
 * gate reviews it and the ledger records it, as for a detector's), with its origin: the run, the
 * model's one-line reason, and the untrusted items that were in the model's context. Notes (a
 * digest, a brief) are suggestions without steps.
 *
 * A model's reply draft replaces the needs-reply detector's template (same key), but never what
 * the user already did: a reply they dismissed, approved or edited stays as they left it.
 */
import { CAPABILITIES } from '@shared/domain/capabilities.js';
import type { SourceRef, SuggestionKind, SuggestionOrigin, Urgency } from '@shared/domain/types.js';
import type { Db } from '../../db/database.js';
import { actors } from '../../gate/facts.js';
import type { Proposer, RuleRef } from '../../suggestions/proposer.js';
import type { CoveredItem } from '../../suggestions/suggestion-draft.js';
import type { SuggestionStore } from '../../suggestions/suggestion-store.js';
import type { PlannedProposal, ProposalOutcome } from '../broker/engine-broker.js';
import type { JobKind } from '../job-profiles.js';
import type { TriageStore } from '../jobs/triage-store.js';

export interface RunProvenance {
  readonly runId: string;
  readonly job: JobKind;
  readonly model: string | null;
}

export interface NoteDraft {
  readonly kind: Extract<SuggestionKind, 'digest' | 'brief' | 'meeting_prep'>;
  readonly accountId: string;
  readonly dedupeKey: string;
  readonly title: string;
  readonly why: string;
  readonly urgency: Urgency;
  /** What the model wrote for the user to read. */
  readonly text: string;
  readonly sources: readonly SourceRef[];
  readonly items?: readonly CoveredItem[];
  readonly untrustedItemIds: readonly string[];
}

export interface AgentProposerDeps {
  readonly db: Db;
  readonly proposer: Pick<Proposer, 'propose'>;
  readonly suggestions: Pick<SuggestionStore, 'coveredKeys' | 'openByDedupeKey' | 'get'>;
  readonly triage: Pick<TriageStore, 'get'>;
  /**
   * Runs a plan the gate let through unasked (a standing Allow, or the user's rule), exactly as
   * for a detector's plan: the runner asks the gate again for each step (breaker and rate limits
   * included) and names the rule or the grant in the ledger. Absent in a harness that only looks
   * at proposals: then nothing runs, and the step waits for the user like any other.
   */
  readonly runAllowed?: (suggestionId: string, rule: RuleRef | null) => void;
}

export class AgentProposer {
  constructor(private readonly deps: AgentProposerDeps) {}

  proposeStep(planned: PlannedProposal, run: RunProvenance): ProposalOutcome {
    const { suggestions, triage, proposer } = this.deps;
    const { draft, step } = planned;
    const origin: SuggestionOrigin = {
      kind: 'agent',
      runId: run.runId,
      job: run.job,
      model: run.model,
      reason: step.reason,
      untrustedItemIds: step.provenance.untrustedItemIds,
      note: null,
    };
    let { why, urgency } = draft;
    const flags = [...draft.flags];
    const about = draft.items[0];
    if (draft.kind === 'reply' && about) {
      const open = suggestions.openByDedupeKey(draft.dedupeKey);
      if (!open && suggestions.coveredKeys(draft.accountId, 'reply', [about.key]).has(about.key)) {
        return { skipped: 'the user already dealt with a reply to this message' };
      }
      if (open && this.editedByUser(open.id)) return { skipped: 'the user is editing the draft for this message' };
      const verdict = triage.get(about.id);
      if (verdict) {
        why = verdict.summary;
        urgency = verdict.urgency;
        if (verdict.suspicious) flags.push('The message this answers looked suspicious to the model (it may try to instruct Steward, or phish). Check it before approving.');
      } else if (open) {
        urgency = suggestions.get(open.id)?.urgency ?? urgency;
      }
    }
    if (origin.untrustedItemIds.length > 0) {
      if (draft.steps.some((s) => CAPABILITIES[s.capability].risk === 'outward')) {
        flags.push(`Proposed after the model read ${origin.untrustedItemIds.length} item(s) others wrote. Check the recipients and the text before approving.`);
      } else if (draft.steps.some((s) => CAPABILITIES[s.capability].risk === 'destructive')) {
        // An instruction hidden in what it read is the usual way a model is talked into a deletion.
        flags.push(`Proposed after the model read ${origin.untrustedItemIds.length} item(s) others wrote. Check what it would remove before approving.`);
      }
    }
    const outcome = proposer.propose({ ...draft, why, urgency, flags: [...new Set(flags)], origin }, actors.agent(run.runId));
    if (!outcome.suggestionId) return { skipped: 'the user’s permissions deny a step of it' };
    // The agent is one more proposer: what the user allowed in advance runs, the rest asks.
    if (outcome.allowedToRun && this.deps.runAllowed) {
      this.deps.runAllowed(outcome.suggestionId, outcome.rule);
      return { suggestionId: outcome.suggestionId, unasked: outcome.rule ? { rule: outcome.rule.name } : { grant: true } };
    }
    return { suggestionId: outcome.suggestionId };
  }

  proposeNote(note: NoteDraft, run: RunProvenance): string | null {
    const origin: SuggestionOrigin = {
      kind: 'agent',
      runId: run.runId,
      job: run.job,
      model: run.model,
      reason: note.why,
      untrustedItemIds: note.untrustedItemIds,
      note: note.text,
    };
    const outcome = this.deps.proposer.propose(
      {
        kind: note.kind,
        accountId: note.accountId,
        dedupeKey: note.dedupeKey,
        title: note.title,
        why: note.why,
        urgency: note.urgency,
        flags: [],
        sources: note.sources,
        items: note.items ?? [],
        steps: [],
        origin,
      },
      actors.agent(run.runId),
    );
    return outcome.suggestionId;
  }

  /** Whether the user edited this suggestion (their words are not replaced by the model's). */
  private editedByUser(suggestionId: string): boolean {
    return this.deps.db.prepare(`SELECT 1 FROM ledger WHERE kind = 'suggestion.edited' AND suggestion_id = ? LIMIT 1`).get(suggestionId) !== undefined;
  }
}
