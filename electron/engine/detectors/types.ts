/**
 * A detector: a pure, free, instant rule over new items that proposes something (no model, no
 * I/O). It emits intents; the account's connector turns them into steps.
 */
import type { ConfigKeyName, ConfigValues } from '@shared/config/index.js';
import type { ItemKind, SuggestionKind } from '@shared/domain/types.js';
import type { StoredAccount } from '../accounts/account-store.js';
import type { Proposal } from '../suggestions/suggestion-draft.js';
import type { DetectorLookups } from './lookups.js';

export interface DetectorContext {
  readonly account: StoredAccount;
  readonly now: Date;
  /** Of these item keys, the ones some suggestion of this kind already covered (in any state). */
  covered(kind: SuggestionKind, keys: readonly string[]): ReadonlySet<string>;
  /**
   * The present items of the open suggestion with this dedupe key (empty when there is none),
   * read briefly: without their long text (a message's body is ''), since a card grows from
   * what identifies and names its items, not from what they say.
   */
  openItems(dedupeKey: string): readonly unknown[];
  /**
   * The open suggestion with this dedupe key as a growth needs it (see Proposal.grows): how many
   * items it holds and the memo its last proposal kept; null when none is open.
   */
  openCard(dedupeKey: string): OpenCard | null;
  /**
   * Present items of another kind with this identity key, on any account: an invitation in the
   * mail finds the event it concerns (an event's key is its UID).
   */
  itemsWithKey(kind: ItemKind, key: string): readonly { readonly id: string; readonly accountId: string }[];
  /** Read-only looks at other kinds' data, for rules that join two kinds (an attachment and a download). */
  readonly lookups: DetectorLookups;
  /** The user's settings (a rule's N days). */
  config<K extends ConfigKeyName>(key: K): ConfigValues[K];
}

/** An open suggestion, as a detector that grows it sees it. */
export interface OpenCard {
  readonly itemCount: number;
  /** What the detector's last proposal for it kept (Proposal.memo); null when it kept none. */
  readonly memo: unknown;
}

/** A later look at an item: time passing is an event too ("no answer in N days"). */
export interface Revisit {
  readonly itemId: string;
  /** The item's identity across moves (a Message-ID): what a later item settles. */
  readonly key: string;
  /** When to look again (ISO). */
  readonly at: string;
}

/** What a detector's watch asks for: looks later, and earlier looks that are no longer wanted. */
export interface Watch {
  readonly revisit: readonly Revisit[];
  /** Keys whose revisit is no longer wanted (an answer arrived); also when the request comes later. */
  readonly settle: readonly string[];
}

export interface Detector<Item = unknown> {
  /** The kind of suggestion it makes; one detector per kind. */
  readonly id: SuggestionKind;
  /** The kind of item it looks at. */
  readonly itemKind: ItemKind;
  /** Proposals for new (or changed) items. Items already covered by its kind must be left out. */
  detect(fresh: readonly Item[], context: DetectorContext): Proposal[];
  /**
   * Whether `detect` or `watch` would read this item's long text (a message's body), judged from
   * the item read briefly (its body ''). Items no detector of their kind wants are read and
   * handed over briefly: a first sync brings years of mail, nearly all of it too old for any rule
   * that reads what a message says, and reading the bodies back of 1,000 items at a time was a
   * fifth of the heap a sync promoted. So for an item it says no to, `detect` and `watch` must
   * come to the same answer without the text. Without it, every item is read in full.
   */
  readsText?(item: Item, context: DetectorContext): boolean;
  /**
   * Some items of one of its open suggestions left (elsewhere): the proposal for what remains,
   * or null to keep the suggestion as it is. Without it, a suggestion lives until all are gone.
   */
  revise?(remaining: readonly Item[], context: DetectorContext): Proposal | null;
  /**
   * Time triggers: for fresh items, what to look at again later and which earlier requests
   * they settle. The scheduler keeps them (durably) and calls `revisit` when one comes due.
   */
  watch?(fresh: readonly Item[], context: DetectorContext): Watch;
  /** Items whose revisit came due and was not settled meanwhile (still present): proposals. */
  revisit?(due: readonly Item[], context: DetectorContext): Proposal[];
}

/** Items whose key no suggestion of this kind covered yet, each key once. */
export function uncovered<T extends { readonly messageKey: string }>(items: readonly T[], covered: ReadonlySet<string>): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (covered.has(item.messageKey) || seen.has(item.messageKey)) return false;
    seen.add(item.messageKey);
    return true;
  });
}
