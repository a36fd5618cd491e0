import type { Suggestion, SuggestionOrigin } from '@shared/domain/types.js';
import type { ProposedStep } from '../connectors/types.js';
import type { StepIntent } from '../intents/intents.js';

/** An item a suggestion is about: never proposed again for the same kind of suggestion. */
export interface CoveredItem {
  readonly id: string;
  /** Its identity across moves (a Message-ID, an event UID). */
  readonly key: string;
}

export interface SuggestionContent extends Pick<Suggestion, 'kind' | 'accountId' | 'title' | 'why' | 'urgency' | 'flags' | 'sources'> {
  /** Open suggestions with the same key are one suggestion (updated, not duplicated). */
  readonly dedupeKey: string;
  readonly items: readonly CoveredItem[];
  /** Who proposed it; a detector when left out. */
  readonly origin?: SuggestionOrigin;
  /**
   * Dedupe keys of open suggestions this one takes over (an answer in the calendar to an
   * invitation first seen in the mail): they are retired when it is proposed, so the user sees one card.
   */
  readonly replaces?: readonly string[];
  /**
   * What the detector keeps about everything the suggestion holds, to state a later growth from
   * the new items alone (see `grows`). Stored as JSON with the suggestion; read back by
   * DetectorContext.openCard.
   */
  readonly memo?: unknown;
  /**
   * It adds to the open suggestion with the same dedupe key rather than restating it: `items`,
   * `sources` and the steps are only the new ones, appended to what is there; title, why,
   * urgency, flags and memo describe the whole. Without an open suggestion it is created as it is.
   * So a card that grows over a first sync costs what it grew by, not what it holds.
   */
  readonly grows?: boolean;
}

/** What a detector (or the agent) proposes, before the account's connector plans the steps. */
export interface Proposal extends SuggestionContent {
  readonly intents: readonly StepIntent[];
}

/** A proposal with concrete steps; the proposer stores it, runs it past the gate and shows it. */
export interface SuggestionDraft extends SuggestionContent {
  readonly steps: readonly ProposedStep[];
}
