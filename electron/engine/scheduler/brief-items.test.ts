import { describe, expect, it } from 'vitest';
import type { StoredItemBase } from '../items/kinds.js';
import type { ItemState } from '../items/item-store.js';
import { BriefItems } from './brief-items.js';

const item = (id: string, externalId = `1:${id}`): StoredItemBase => ({ id, accountId: 'a', stream: 'INBOX', externalId, present: true });
const states = (...items: StoredItemBase[]): Map<string, ItemState> => new Map(items.map((i) => [i.id, { kind: 'mail', externalId: i.externalId, present: i.present }]));

/** A read that says which ids it was asked for. */
function reader(source: readonly StoredItemBase[]) {
  const asked: string[][] = [];
  const read = (ids: readonly string[]) => {
    asked.push([...ids]);
    return source.filter((i) => ids.includes(i.id));
  };
  return { asked, read };
}

describe('BriefItems', () => {
  it('reads a card’s items once, then only the new ones and those observed since', () => {
    const kept = new BriefItems();
    const [a, b, c] = [item('a'), item('b'), item('c')];
    const { asked, read } = reader([a, b, c]);
    kept.itemsOf('news', 's1', states(a, b), read);
    kept.itemsOf('news', 's1', states(a, b, c), read);
    kept.forget(['a']);
    const found = kept.itemsOf('news', 's1', states(a, b, c), read);
    expect(asked).toEqual([['a', 'b'], ['c'], ['a']]);
    expect(found.map((i) => i.id).sort()).toEqual(['a', 'b', 'c']);
  });

  it('reads again an item whose source id or presence changed, and everything for another suggestion or after a drop', () => {
    const kept = new BriefItems();
    const a = item('a');
    const { asked, read } = reader([a]);
    kept.itemsOf('news', 's1', states(a), read);
    kept.itemsOf('news', 's1', states(item('a', '2:9')), read);
    kept.itemsOf('news', 's1', states({ ...a, externalId: '2:9', present: false }), read);
    kept.itemsOf('news', 's2', states(a), read);
    kept.drop('news');
    kept.itemsOf('news', 's2', states(a), read);
    expect(asked).toEqual([['a'], ['a'], ['a'], ['a'], ['a']]);
  });

  it('holds nothing for a card larger than its limit', () => {
    const kept = new BriefItems(1);
    const [a, b] = [item('a'), item('b')];
    const { asked, read } = reader([a, b]);
    kept.itemsOf('news', 's1', states(a, b), read);
    kept.itemsOf('news', 's1', states(a, b), read);
    expect(asked).toEqual([['a', 'b'], ['a', 'b']]);
  });
});
