/**
 * Brief copies of items (no long text) kept between the scheduler's batches. A card that grows
 * over a first sync (every newsletter of the inbox in one "Archive N newsletters") is proposed
 * again after every batch from all of its items: reading thousands of them back from SQLite each
 * time was the largest part of a 50,000-message sync's detector work, and its garbage.
 *
 * A copy is used only while it still holds: the caller forgets the items of every observation it
 * processes (flags, folders, gone), and checks each copy against the item's row (its source id
 * and presence, which a renumbered stream changes without an observation).
 */
import type { StoredItemBase } from '../items/kinds.js';
import type { ItemState } from '../items/item-store.js';

/** Enough for the largest card of a 100,000-message inbox; a few MB of brief items. */
const DEFAULT_LIMIT = 20_000;

export class BriefItems {
  private readonly kept = new Map<string, StoredItemBase>();

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  /** The copy of an item, if one is kept and still matches where the item stands now. */
  current(id: string, state: ItemState): StoredItemBase | undefined {
    const copy = this.kept.get(id);
    if (!copy) return undefined;
    if (copy.externalId === state.externalId && copy.present === state.present) return copy;
    this.kept.delete(id);
    return undefined;
  }

  keep(items: readonly StoredItemBase[]): void {
    for (const item of items) {
      this.kept.delete(item.id);
      this.kept.set(item.id, item);
    }
    // The oldest kept go first (a Map iterates in insertion order).
    for (const id of this.kept.keys()) {
      if (this.kept.size <= this.limit) break;
      this.kept.delete(id);
    }
  }

  forget(ids: readonly string[]): void {
    for (const id of ids) this.kept.delete(id);
  }

  get size(): number {
    return this.kept.size;
  }
}
