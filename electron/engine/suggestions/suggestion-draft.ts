import type { SourceRef, Suggestion } from '@shared/domain/types.js';
import type { ProposedStep } from '../connectors/types.js';
import type { MailItem } from '../items/mail-item.js';

/** What a detector proposes; the proposer stores it, runs it past the gate and shows it. */
export interface SuggestionDraft extends Pick<Suggestion, 'kind' | 'accountId' | 'title' | 'why' | 'urgency' | 'flags' | 'sources'> {
  /** Open suggestions with the same key are one suggestion (updated, not duplicated). */
  readonly dedupeKey: string;
  /** The messages it is about: never proposed again for the same kind of suggestion. */
  readonly items: readonly MailItem[];
  readonly steps: readonly ProposedStep[];
}

export function mailSource(item: MailItem): SourceRef {
  return {
    kind: 'mail',
    itemId: item.id,
    label: item.from.name || item.from.address,
    subject: item.subject,
    at: item.sentAt ?? item.receivedAt,
  };
}
