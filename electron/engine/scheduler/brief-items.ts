/**
 * Brief copies (no long text) of open cards' items, kept between the scheduler's batches. A card
 * that grows over a first sync (every newsletter of the inbox in one "Archive N newsletters") is
 * proposed again after every batch from all of its items: reading thousands of them back from
 * SQLite each time was the largest part of a 50,000-message sync's detector work, and its garbage.
 *
 * A copy is used only while it still holds: the caller forgets the items of every observation it
 * processes (flags, folders, gone), and each copy is checked against the item's row (its source
 * id and presence, which a renumbered stream changes without an observation). Only the items of
 * a card's last read are kept, and none once the card is no longer open, nor once the burst is
 * over (the scheduler clears them when it has been idle a while: between bursts a card grows
 * rarely, and its thousands of copies would be held for hours for one read saved).
 */
import type { StoredItemBase } from '../items/kinds.js';
import type { ItemState } from '../items/item-store.js';

/** A card with more items than this is read again each time rather than held (a few MB). */
const DEFAULT_LIMIT = 20_000;

export class BriefItems {
  /** By the card's dedupe key: the open suggestion they were read for, and its items by id. */
  private readonly cards = new Map<string, { readonly suggestionId: string; readonly items: Map<string, StoredItemBase> }>();

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  /**
   * The items of an open card, given where each stands now: the kept copies that still hold,
   * and `read` for the others. What is kept for the card afterwards is exactly these.
   */
  itemsOf(dedupeKey: string, suggestionId: string, states: ReadonlyMap<string, ItemState>, read: (ids: readonly string[]) => StoredItemBase[]): StoredItemBase[] {
    const card = this.cards.get(dedupeKey);
    const kept = card?.suggestionId === suggestionId ? card.items : new Map<string, StoredItemBase>();
    const found: StoredItemBase[] = [];
    const missing: string[] = [];
    for (const [id, state] of states) {
      const copy = kept.get(id);
      if (copy && copy.externalId === state.externalId && copy.present === state.present) found.push(copy);
      else missing.push(id);
    }
    if (missing.length > 0) found.push(...read(missing));
    if (found.length <= this.limit) this.cards.set(dedupeKey, { suggestionId, items: new Map(found.map((item) => [item.id, item])) });
    else this.cards.delete(dedupeKey);
    return found;
  }

  /** The card is not open any more (approved, dismissed, expired). */
  drop(dedupeKey: string): void {
    this.cards.delete(dedupeKey);
  }

  /** A burst is over: nothing is kept (the next growth reads its card once). */
  clear(): void {
    this.cards.clear();
  }

  /** These items were observed to change: their copies no longer hold. */
  forget(ids: readonly string[]): void {
    if (this.cards.size === 0) return;
    for (const card of this.cards.values()) for (const id of ids) card.items.delete(id);
  }
}
