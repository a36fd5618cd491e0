/**
 * The user changes a draft step before approving it: recipients, subject, text. The step keeps
 * its place in the plan; the suggestion's revision goes up (an approval of what was shown before
 * the edit is refused); the gate looks at the changed step again; the ledger records what changed
 * (lengths, not the text). A minimal edit: the richer card editor replaces the UI, not this rule.
 */
import { ApiError } from '@shared/api/errors.js';
import type { Suggestion } from '@shared/domain/types.js';
import type { ActionStore } from '../actions/action-store.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { EventBus } from '../event-bus.js';
import type { Gate } from '../gate/gate.js';
import { draftArgs, type DraftArgs } from '../items/mail/mail-args.js';
import { formatAddress } from '../items/mail/mail-item.js';
import type { Ledger } from '../ledger/ledger.js';
import { resolveId } from '../resolve-id.js';
import type { SuggestionStore } from './suggestion-store.js';

export interface DraftEdit {
  readonly to?: readonly string[] | undefined;
  readonly subject?: string | undefined;
  readonly body?: string | undefined;
}

export interface DraftEditDeps {
  readonly db: Db;
  readonly suggestions: SuggestionStore;
  readonly actions: ActionStore;
  readonly gate: Gate;
  readonly ledger: Ledger;
  readonly events: EventBus;
  readonly clock: Clock;
}

const EDITABLE_SUGGESTION = new Set(['pending', 'failed', 'cancelled']);
const EDITABLE_STEP = ['proposed', 'failed', 'cancelled', 'interrupted'] as const;
const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export function editDraftStep(
  deps: DraftEditDeps,
  input: { readonly id: string; readonly revision?: number | undefined; readonly actionId?: string | undefined; readonly edit: DraftEdit },
  actor: string,
): Suggestion {
  const { db, suggestions, actions, gate, ledger, events, clock } = deps;
  const full = resolveId(input.id, (prefix) => suggestions.idsStartingWith(prefix), 'suggestion');
  const suggestion = full ? suggestions.get(full) : undefined;
  if (!suggestion) throw new ApiError('not_found', `No suggestion with id "${input.id}". See \`steward suggestions\`.`);
  if (!EDITABLE_SUGGESTION.has(suggestion.status)) throw new ApiError('conflict', `"${suggestion.title}" cannot be edited: it is ${suggestion.status}.`);
  if (input.revision !== undefined && input.revision !== suggestion.revision) {
    throw new ApiError('conflict', `"${suggestion.title}" changed since you saw it (it is now revision ${suggestion.revision}). Look at it again, then edit.`);
  }
  const drafts = suggestion.actions.filter((a) => a.preview.kind === 'draft' && (input.actionId === undefined || a.id === input.actionId));
  const step = drafts.length === 1 ? drafts[0] : undefined;
  if (!step) {
    throw new ApiError('invalid_input', input.actionId ? `"${suggestion.title}" has no draft step ${input.actionId}.` : `"${suggestion.title}" has no single draft to edit: name the step.`);
  }
  const record = actions.get(step.id);
  if (!record || !(EDITABLE_STEP as readonly string[]).includes(record.status)) throw new ApiError('conflict', `That step is ${record?.status ?? 'gone'}: it can no longer be edited.`);

  const before = draftArgs.parse(record.args);
  const after = applyEdit(before, input.edit);
  const changed = (['to', 'subject', 'body'] as const).filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
  if (changed.length === 0) return suggestion;
  const preview = { ...(record.preview.kind === 'draft' ? record.preview : { kind: 'draft' as const, mailbox: 'Drafts' }), to: after.to.map(formatAddress).join(', '), subject: after.subject, body: after.body };

  db.transaction(() => {
    db.prepare(`UPDATE actions SET args_json = ?, preview_json = ? WHERE id = ? AND status IN (${EDITABLE_STEP.map(() => '?').join(', ')})`).run(
      JSON.stringify(after),
      JSON.stringify(preview),
      step.id,
      ...EDITABLE_STEP,
    );
    db.prepare('UPDATE suggestions SET revision = revision + 1, updated_at = ? WHERE id = ?').run(clock.now().toISOString(), suggestion.id);
    const verdict = gate.reviewProposal({ actionId: step.id, suggestionId: suggestion.id, capability: step.capability, app: step.app, accountId: step.accountId, title: step.title }, actor);
    db.prepare('UPDATE actions SET decision = ? WHERE id = ?').run(verdict.decision, step.id);
    ledger.append({
      kind: 'suggestion.edited',
      actor,
      summary: `Edited ${changed.join(', ')} of "${suggestion.title}"`,
      capability: step.capability,
      accountId: suggestion.accountId,
      suggestionId: suggestion.id,
      actionId: step.id,
      detail: { changed, bodyCharsBefore: before.body.length, bodyCharsAfter: after.body.length, origin: suggestion.origin.kind },
    });
  })();
  events.emit({ type: 'suggestions.changed' });
  const updated = suggestions.get(suggestion.id);
  if (!updated) throw new ApiError('not_found', 'The suggestion went away while it was edited.');
  return updated;
}

function applyEdit(args: DraftArgs, edit: DraftEdit): DraftArgs {
  let to = args.to;
  if (edit.to !== undefined) {
    const addresses = edit.to.map((address) => address.trim()).filter(Boolean);
    const bad = addresses.find((address) => !ADDRESS.test(address));
    if (bad) throw new ApiError('invalid_input', `"${bad}" is not an email address. Write each recipient as name@example.com.`);
    if (addresses.length === 0) throw new ApiError('invalid_input', 'A draft needs at least one recipient.');
    to = addresses.map((address) => args.to.find((a) => a.address.toLowerCase() === address.toLowerCase()) ?? { name: '', address });
  }
  return { ...args, to, subject: edit.subject ?? args.subject, body: edit.body ?? args.body };
}
