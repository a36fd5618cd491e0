/**
 * A plan in the structured fields rules match: who proposed it, what its steps do, who its
 * messages are from and where they are, and the domains its steps write to. Read from stored
 * items and the steps' arguments; the model's own words (its reason, the draft's text) play no
 * part.
 */
import type { CapabilityId } from '@shared/domain/capabilities.js';
import type { SuggestionKind, SuggestionOrigin } from '@shared/domain/types.js';
import type { Db } from '../db/database.js';
import { domainOf, recipientAddresses } from '../gate/facts.js';
import type { MessageFacts, PlanFacts } from './rule-match.js';

export interface PlanInput {
  readonly accountId: string;
  readonly kind: SuggestionKind;
  /** Absent: a detector's. */
  readonly origin?: SuggestionOrigin | null;
  readonly steps: readonly { readonly capability: CapabilityId; readonly args: unknown }[];
  readonly itemIds: readonly string[];
}

/** The messages with these item ids, in the fields a rule may match (others are left out). */
export type MessageLookup = (itemIds: readonly string[]) => MessageFacts[];

export function planFacts(input: PlanInput, messages: MessageLookup): PlanFacts {
  const domains = input.steps.flatMap((step) => recipientAddresses(step.args).map(domainOf));
  return {
    accountId: input.accountId,
    detector: (input.origin?.kind ?? 'detector') === 'detector' ? input.kind : null,
    capabilities: input.steps.map((step) => step.capability),
    messages: messages(input.itemIds),
    recipientDomains: [...new Set(domains)].sort(),
  };
}

interface MessageRow {
  from_address: string;
  headers_json: string;
  folders_json: string;
}

export function databaseMessageLookup(db: Db): MessageLookup {
  const get = db.prepare('SELECT from_address, headers_json, folders_json FROM mail_messages WHERE item_id = ?');
  return (itemIds) =>
    itemIds.flatMap((id) => {
      const row = get.get(id) as MessageRow | undefined;
      if (!row) return [];
      const headers = JSON.parse(row.headers_json) as { listId?: string | null };
      return [{ sender: row.from_address.toLowerCase(), listId: headers.listId ?? null, folders: JSON.parse(row.folders_json) as string[] }];
    });
}
