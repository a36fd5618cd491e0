/**
 * Changes the user makes to a plan before it runs: the text of the message it composes (a new
 * revision of the suggestion, so an approval of what they saw before is refused), and how that
 * message is delivered (saved as a draft, or sent). A send is planned by the account's own
 * connector from the same message and goes past the gate like any step; nothing here knows
 * IMAP from Gmail.
 */
import { ApiError } from '@shared/api/errors.js';
import type { CapabilityId } from '@shared/domain/capabilities.js';
import type { ActionStatus, Suggestion } from '@shared/domain/types.js';
import type { AccountStore } from '../accounts/account-store.js';
import { ActionStore, type ActionRecord } from '../actions/action-store.js';
import { connectorFor } from '../connectors/registry.js';
import type { Db } from '../db/database.js';
import type { EventBus } from '../event-bus.js';
import { parseActor } from '../gate/facts.js';
import type { Gate } from '../gate/gate.js';
import type { StepIntent } from '../intents/intents.js';
import { draftArgs, type DraftArgs } from '../items/mail/mail-args.js';
import { mayHaveActed, type StepJournal } from '../actions/step-journal.js';
import type { Ledger } from '../ledger/ledger.js';
import { resolveId } from '../resolve-id.js';
import type { SuggestionStore } from './suggestion-store.js';

export interface PlanEditorDeps {
  readonly db: Db;
  readonly suggestions: SuggestionStore;
  readonly actions: ActionStore;
  readonly accounts: AccountStore;
  readonly gate: Gate;
  readonly ledger: Ledger;
  readonly events: EventBus;
  /** What executors noted: a step that noted anything may have had an effect already. */
  readonly journal: StepJournal;
}

/** Steps that compose a message, by how they deliver it. */
const COMPOSING: Readonly<Partial<Record<CapabilityId, 'draft' | 'send'>>> = { 'email.draft': 'draft', 'email.send': 'send' };
/** A step can be edited or re-planned only while nothing of it has happened. */
const UNSTARTED: readonly ActionStatus[] = ['proposed', 'failed', 'cancelled'];
const EDITABLE_SUGGESTION = new Set(['pending', 'failed', 'cancelled']);

export class PlanEditor {
  constructor(private readonly deps: PlanEditorDeps) {}

  /** Replaces the body of the message the plan composes. */
  edit(id: string, revision: number, body: string, actor: string): Suggestion {
    const { db, suggestions, actions, ledger } = this.deps;
    const suggestion = this.require(id);
    if (!EDITABLE_SUGGESTION.has(suggestion.status)) {
      throw new ApiError(
        'conflict',
        suggestion.status === 'running'
          ? `"${suggestion.title}" is being carried out (or waits in the outbox): undo it first to change the message.`
          : `"${suggestion.title}" cannot be edited: it is ${suggestion.status}.`,
      );
    }
    if (revision !== suggestion.revision) {
      throw new ApiError('conflict', `"${suggestion.title}" changed since you saw it (it is now revision ${suggestion.revision}). Look at it again, then edit.`);
    }
    const composing = this.composingSteps(suggestion.id);
    if (composing.length === 0) throw new ApiError('invalid_input', `"${suggestion.title}" composes no message, so there is nothing to edit.`);
    // How long the text was before: the agent learns "prefers short replies" from edits that cut.
    const charactersBefore = composing[0] ? messageOf(composing[0]).body.length : 0;
    const next = db.transaction(() => {
      for (const step of composing) {
        const args: DraftArgs = { ...messageOf(step), body };
        const preview = step.preview.kind === 'draft' ? { ...step.preview, body } : step.preview;
        if (!actions.revisePlan(step.actionId, UNSTARTED, args, preview)) {
          throw new ApiError('conflict', `"${suggestion.title}" started running meanwhile; nothing was changed.`);
        }
      }
      const revised = suggestions.bumpRevision(suggestion.id);
      ledger.append({
        kind: 'suggestion.edited',
        actor,
        summary: `Edited the message of "${suggestion.title}" (now revision ${revised})`,
        accountId: suggestion.accountId,
        suggestionId: suggestion.id,
        detail: { revision: revised, characters: body.length, charactersBefore },
      });
      return revised;
    })();
    this.changed();
    return { ...this.require(suggestion.id), revision: next };
  }

  /**
   * Makes the message of a plan a send (or a draft again). The new step is the connector's plan
   * for the same message, reviewed by the gate; a plan that already delivers that way is left
   * as it is. Throws in words when the account cannot send or the user denied sending.
   */
  chooseDelivery(id: string, send: boolean, actor: string): void {
    const { db, actions, accounts, gate } = this.deps;
    const suggestion = this.require(id);
    const wanted = send ? 'send' : 'draft';
    const steps = this.composingSteps(suggestion.id).filter((step) => COMPOSING[step.capability] !== wanted);
    if (steps.length === 0) {
      if (send && this.composingSteps(suggestion.id).length === 0) {
        throw new ApiError('invalid_input', `"${suggestion.title}" composes no message, so there is nothing to send.`);
      }
      return;
    }
    const account = accounts.get(suggestion.accountId);
    if (!account) throw new ApiError('not_found', 'The account this suggestion belongs to was removed.');
    const replacements = steps.map((step) => {
      const message = messageOf(step);
      const intent: StepIntent = send ? { type: 'mail.send', message, replyTo: null } : { type: 'mail.draft', draft: message, replyTo: null };
      const planned = connectorFor(account.kind).plan(intent, account);
      const replacement = planned?.length === 1 ? planned[0] : undefined;
      if (!replacement) {
        throw new ApiError(
          'unavailable',
          send
            ? `${account.email} cannot send mail from Steward: it has no outgoing (SMTP) server. Save it as a draft instead, or add the account again with its SMTP server.`
            : `${account.email} cannot save drafts.`,
        );
      }
      return { step, replacement, actionId: ActionStore.newId() };
    });
    // Reviewed (and recorded) before anything changes: a denial stays in the ledger, the plan as it was.
    const verdicts = replacements.map(({ step, replacement, actionId }) => gate.reviewProposal({ ...replacement, actionId, suggestionId: suggestion.id, provenance: step.provenance }, parseActor(actor)));
    const denied = verdicts.find((verdict) => verdict.decision === 'deny');
    if (denied) throw new ApiError('denied', `${denied.reason} The plan was left as it was.`);
    db.transaction(() => {
      replacements.forEach(({ step, replacement, actionId }, index) => {
        if (!actions.replace(step.actionId, UNSTARTED, actionId, replacement, verdicts[index]?.decision ?? 'ask', { provenance: step.provenance, caution: verdicts[index]?.caution ?? null })) {
          throw new ApiError('conflict', `"${suggestion.title}" started running meanwhile; nothing was changed.`);
        }
      });
    })();
    this.changed();
  }

  /**
   * The steps that compose a message and of which nothing has happened. A send that got as far
   * as the outgoing server (its journal says so) is never among them: changing or re-sending it
   * could deliver the message twice.
   */
  private composingSteps(suggestionId: string): ActionRecord[] {
    const steps = this.deps.actions.listFor(suggestionId).filter((step) => COMPOSING[step.capability] !== undefined && UNSTARTED.includes(step.status));
    const touched = steps.find((step) => mayHaveActed(this.deps.journal.read(step.actionId)));
    if (touched) {
      throw new ApiError(
        'conflict',
        `"${touched.title}" may already have reached the mail server (${touched.error ?? 'it was interrupted'}), so Steward will not change or send it again. Ask the recipient, or write a new message from your mail program.`,
      );
    }
    return steps;
  }

  private require(id: string): Suggestion {
    const full = resolveId(id, (prefix) => this.deps.suggestions.idsStartingWith(prefix), 'suggestion');
    const suggestion = full ? this.deps.suggestions.get(full) : undefined;
    if (!suggestion) throw new ApiError('not_found', `No suggestion with id "${id}". See \`steward suggestions\`.`);
    return suggestion;
  }

  private changed(): void {
    this.deps.events.emit({ type: 'suggestions.changed' });
    this.deps.events.emit({ type: 'status.changed' });
  }
}

/** The message a composing step carries; the same shape for every mail connector. */
function messageOf(step: ActionRecord): DraftArgs {
  const parsed = draftArgs.safeParse(step.args);
  if (!parsed.success) throw new ApiError('invalid_input', `The message of "${step.title}" cannot be edited here.`);
  return parsed.data;
}
