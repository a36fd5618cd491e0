import type { gmail_v1 } from '@googleapis/gmail';
import { describe, expect, it } from 'vitest';
import { reduceHistory } from './history-changes.js';

const ref = (id: string) => ({ message: { id, threadId: `t-${id}` } });

describe('reduceHistory', () => {
  it.each<{ name: string; records: gmail_v1.Schema$History[]; expected: ReturnType<typeof reduceHistory> }>([
    { name: 'no records', records: [], expected: { added: [], relabelled: [], deleted: [], lastRecordId: null } },
    {
      name: 'a new message, relabelled later, is still just new',
      records: [
        { id: '10', messagesAdded: [ref('a')] },
        { id: '11', labelsRemoved: [{ ...ref('a'), labelIds: ['UNREAD'] }] },
      ],
      expected: { added: ['a'], relabelled: [], deleted: [], lastRecordId: '11' },
    },
    {
      name: 'added then deleted is deleted',
      records: [
        { id: '10', messagesAdded: [ref('a')] },
        { id: '12', messagesDeleted: [ref('a')] },
      ],
      expected: { added: [], relabelled: [], deleted: ['a'], lastRecordId: '12' },
    },
    {
      name: 'label changes on held messages, each listed once',
      records: [
        { id: '20', labelsAdded: [{ ...ref('b'), labelIds: ['STARRED'] }], labelsRemoved: [{ ...ref('b'), labelIds: ['INBOX'] }] },
        { id: '21', labelsAdded: [{ ...ref('c'), labelIds: ['TRASH'] }] },
      ],
      expected: { added: [], relabelled: ['b', 'c'], deleted: [], lastRecordId: '21' },
    },
    {
      name: 'ids compared as 64-bit numbers, not as strings or doubles',
      records: [{ id: '18446744073709551600', messagesAdded: [ref('x')] }, { id: '9', labelsAdded: [{ ...ref('y'), labelIds: ['STARRED'] }] }],
      expected: { added: ['x'], relabelled: ['y'], deleted: [], lastRecordId: '18446744073709551600' },
    },
  ])('$name', ({ records, expected }) => {
    expect(reduceHistory(records)).toEqual(expected);
  });
});
