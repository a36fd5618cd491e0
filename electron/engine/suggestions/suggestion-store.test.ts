/**
 * What a revision does to the items a suggestion covers, written as a change to the stored rows:
 * an item that left is no longer covered, one renumbered is followed, the first of two items
 * with one key wins, and a revision that changes nothing writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { aliceMailbox, memoryParts } from '../testing/memory-engine-parts.js';
import type { SuggestionDraft } from './suggestion-draft.js';

function draft(accountId: string, items: readonly [key: string, id: string][]): SuggestionDraft {
  return {
    kind: 'newsletters',
    accountId,
    dedupeKey: `newsletters:${accountId}`,
    title: `Archive ${items.length} newsletters`,
    why: 'Bulk mail.',
    urgency: 'low',
    flags: [],
    sources: [],
    items: items.map(([key, id]) => ({ key, id })),
    steps: [],
  };
}

function covered(parts: ReturnType<typeof memoryParts>, suggestionId: string): Record<string, string> {
  const rows = parts.db.prepare('SELECT item_key, item_id FROM suggestion_items WHERE suggestion_id = ? ORDER BY item_key').all(suggestionId) as { item_key: string; item_id: string }[];
  return Object.fromEntries(rows.map((row) => [row.item_key, row.item_id]));
}

describe('revising the items a suggestion covers', () => {
  it('drops the items that left, follows one renumbered, adds the new, and keeps the first of two with one key', () => {
    const parts = memoryParts();
    const { account } = aliceMailbox(parts);
    const id = parts.suggestions.create(draft(account.id, [['<a>', 'item-a'], ['<b>', 'item-b'], ['<c>', 'item-c']]));

    parts.suggestions.revise(id, draft(account.id, [['<b>', 'item-b2'], ['<d>', 'item-d'], ['<d>', 'item-d-later'], ['<c>', 'item-c']]));

    expect(covered(parts, id)).toEqual({ '<b>': 'item-b2', '<c>': 'item-c', '<d>': 'item-d' });
    expect(parts.suggestions.itemIds(id).sort()).toEqual(['item-b2', 'item-c', 'item-d']);
  });

  it('a revision with the same items changes no row', () => {
    const parts = memoryParts();
    const { account } = aliceMailbox(parts);
    const items: [string, string][] = Array.from({ length: 1200 }, (_, n) => [`<m${n}>`, `item-${n}`]);
    const id = parts.suggestions.create(draft(account.id, items));
    const before = parts.db.prepare('SELECT total_changes() AS n').get() as { n: number };

    parts.suggestions.revise(id, draft(account.id, items));

    const after = parts.db.prepare('SELECT total_changes() AS n').get() as { n: number };
    // The suggestion's own row is the one change.
    expect(after.n - before.n).toBe(1);
    expect(Object.keys(covered(parts, id))).toHaveLength(1200);
  });
});
