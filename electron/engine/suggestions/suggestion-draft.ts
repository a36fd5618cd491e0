import type { SourceRef, SuggestionKind, Urgency } from '@shared/domain/types.js';
import type { ProposedStep } from '../connectors/types.js';
import type { MailItem } from '../items/mail-item.js';

/** What a detector proposes; the proposer stores it, runs it past the gate and shows it. */
export interface SuggestionDraft {
  readonly kind: SuggestionKind;
  readonly accountId: string;
  /** Open suggestions with the same key are one suggestion (updated, not duplicated). */
  readonly dedupeKey: string;
  readonly title: string;
  readonly why: string;
  readonly urgency: Urgency;
  readonly flags: readonly string[];
  readonly sources: readonly SourceRef[];
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
