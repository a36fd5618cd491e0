/**
 * A detector: a pure, free, instant rule over new items that proposes something (no model, no
 * I/O). It emits intents; the account's connector turns them into steps.
 */
import type { ItemKind, SuggestionKind } from '@shared/domain/types.js';
import type { StoredAccount } from '../accounts/account-store.js';
import type { Proposal } from '../suggestions/suggestion-draft.js';

export interface DetectorContext {
  readonly account: StoredAccount;
  readonly now: Date;
  /** Of these item keys, the ones some suggestion of this kind already covered (in any state). */
  covered(kind: SuggestionKind, keys: readonly string[]): ReadonlySet<string>;
  /** The present items of the open suggestion with this dedupe key (empty when there is none). */
  openItems(dedupeKey: string): readonly unknown[];
}

export interface Detector<Item = unknown> {
  /** The kind of suggestion it makes; one detector per kind. */
  readonly id: SuggestionKind;
  /** The kind of item it looks at. */
  readonly itemKind: ItemKind;
  /** Proposals for new (or changed) items. Items already covered by its kind must be left out. */
  detect(fresh: readonly Item[], context: DetectorContext): Proposal[];
  /**
   * Some items of one of its open suggestions left (elsewhere): the proposal for what remains,
   * or null to keep the suggestion as it is. Without it, a suggestion lives until all are gone.
   */
  revise?(remaining: readonly Item[], context: DetectorContext): Proposal | null;
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
