/**
 * A proposal becomes a plan: the connector of the account it is about turns each intent into
 * concrete steps (or says it cannot, and nothing is proposed).
 */
import type { StoredAccount } from '../accounts/account-store.js';
import { connectorFor } from '../connectors/registry.js';
import type { Proposal, SuggestionDraft } from './suggestion-draft.js';

export function planProposal(proposal: Proposal, account: StoredAccount): SuggestionDraft | null {
  const connector = connectorFor(account.kind);
  const steps = [];
  for (const intent of proposal.intents) {
    const planned = connector.plan(intent, account);
    if (!planned || planned.length === 0) return null;
    steps.push(...planned);
  }
  const { intents: _intents, ...content } = proposal;
  return { ...content, steps };
}
