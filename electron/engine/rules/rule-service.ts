/**
 * "Always do this": a rule made from an approved plan's structured fields, then found again for
 * the next plan that matches. Every change is a ledger entry in plain words; each plan that runs
 * under a rule names it (the runner does that, with the rule as the actor).
 */
import { ApiError } from '@shared/api/errors.js';
import type { Rule, RuleMatch } from '@shared/domain/permissions.js';
import type { Suggestion, SuggestionStatus } from '@shared/domain/types.js';
import type { Db } from '../db/database.js';
import type { EventBus } from '../event-bus.js';
import type { Ledger } from '../ledger/ledger.js';
import type { ActionStore } from '../actions/action-store.js';
import type { SuggestionStore } from '../suggestions/suggestion-store.js';
import type { SuggestionDraft } from '../suggestions/suggestion-draft.js';
import { databaseMessageLookup, planFacts, type MessageLookup } from './plan-facts.js';
import { ruleFor, ruleFromPlan } from './rule-match.js';
import type { RuleEdit, RuleStore } from './rule-store.js';

export interface RuleServiceDeps {
  readonly db: Db;
  readonly rules: RuleStore;
  readonly suggestions: SuggestionStore;
  readonly actions: ActionStore;
  readonly ledger: Ledger;
  readonly events: EventBus;
}

/** Statuses a suggestion reaches only after the user approved it. */
const APPROVED: readonly SuggestionStatus[] = ['running', 'done', 'failed', 'undone'];

const STILL_ASKS = 'Outward steps to a new recipient, or proposed after reading mail others wrote, still ask.';

export class RuleService {
  private readonly messages: MessageLookup;

  constructor(private readonly deps: RuleServiceDeps) {
    this.messages = databaseMessageLookup(deps.db);
  }

  list(): Rule[] {
    return this.deps.rules.list();
  }

  /** The active rule a new plan matches, by structured fields only; null when none does. */
  matchFor(draft: SuggestionDraft): Rule | null {
    // The plan's facts read every message it covers: not worth it when no rule could match
    // (most accounts have none, and a first sync proposes after every batch).
    const rules = this.deps.rules.activeFor(draft.accountId).filter((rule) => !rule.paused);
    if (rules.length === 0) return null;
    const plan = planFacts({ ...draft, itemIds: draft.items.map((i) => i.id) }, this.messages);
    return ruleFor(rules, plan);
  }

  /**
   * The rule a suggestion's plan would make: its structured fields. Throws in words when nothing
   * narrows it (no single sender, list, folder, detector or domain), before anything is approved.
   */
  ruleFor(suggestionId: string): RuleMatch {
    const suggestion = this.requireSuggestion(suggestionId);
    const itemIds = (this.deps.db.prepare('SELECT item_id FROM suggestion_items WHERE suggestion_id = ?').all(suggestion.id) as { item_id: string }[]).map((r) => r.item_id);
    const steps = this.deps.actions.listFor(suggestion.id);
    const match = ruleFromPlan(planFacts({ accountId: suggestion.accountId, kind: suggestion.kind, origin: suggestion.origin, steps, itemIds }, this.messages));
    if (!match) {
      throw new ApiError(
        'invalid_input',
        `"${suggestion.title}" has nothing a rule could hold on to (no single sender, list, folder, detector or recipients’ domain), so "always" would mean everything. Set a permission in Settings → Permissions instead.`,
      );
    }
    return match;
  }

  /** Makes a rule from a suggestion the user approved ("Always do this"). */
  createFromSuggestion(suggestionId: string, actor: string, name?: string): Rule {
    const suggestion = this.requireSuggestion(suggestionId);
    if (!APPROVED.includes(suggestion.status)) {
      throw new ApiError('conflict', `"${suggestion.title}" has not been approved: approve it first, then choose Always do this.`);
    }
    const match = this.ruleFor(suggestion.id);
    return this.together(() => {
      const rule = this.deps.rules.create(match, suggestion.id, name);
      this.record('rule.created', actor, rule, `You made a rule: ${rule.words}. Plans it matches run without asking. ${STILL_ASKS}`, { match: rule.match, from: suggestion.id });
      return rule;
    });
  }

  private requireSuggestion(id: string): Suggestion {
    const suggestion = this.deps.suggestions.get(id);
    if (!suggestion) throw new ApiError('not_found', `No suggestion with id "${id}". See \`steward suggestions --all\`.`);
    return suggestion;
  }

  edit(id: string, edit: RuleEdit, actor: string): Rule {
    return this.together(() => {
      const before = this.deps.rules.require(id);
      const rule = this.deps.rules.edit(before.id, edit);
      const summary =
        before.paused !== rule.paused
          ? rule.paused
            ? `You paused the rule “${rule.name}”: plans it matched ask again.`
            : `You resumed the rule “${rule.name}”: ${rule.words}, without asking.`
          : `You changed the rule “${rule.name}”: ${rule.words}${before.words !== rule.words ? ` (was: ${before.words})` : ''}.`;
      const detail = { before: { name: before.name, paused: before.paused, match: before.match }, after: { name: rule.name, paused: rule.paused, match: rule.match } };
      this.record('rule.changed', actor, rule, summary, detail);
      return rule;
    });
  }

  delete(id: string, actor: string): Rule {
    return this.together(() => {
      const rule = this.deps.rules.delete(id);
      this.record('rule.deleted', actor, rule, `You deleted the rule “${rule.name}” (${rule.words}): plans it matched ask again.`, { match: rule.match });
      return rule;
    });
  }

  noteUse(ruleId: string): void {
    this.deps.rules.noteUse(ruleId);
    this.deps.events.emit({ type: 'rules.changed' });
  }

  /** A rule's change and its ledger entry commit together, or neither does. */
  private together<T>(change: () => T): T {
    return this.deps.db.transaction(change)();
  }

  private record(kind: 'rule.created' | 'rule.changed' | 'rule.deleted', actor: string, rule: Rule, summary: string, detail: Record<string, unknown>): void {
    this.deps.ledger.append({ kind, actor, summary, accountId: rule.match.accountId, detail: { ruleId: rule.id, name: rule.name, ...detail } });
    this.deps.events.emit({ type: 'rules.changed' });
  }
}
