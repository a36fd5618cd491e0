import { describe, expect, it } from 'vitest';
import { normalizeMessageId } from '../../items/mail/message-key.js';
import { uidSet } from './uid-set.js';

describe('uidSet', () => {
  it.each([
    [[5], '5'],
    [[1, 2, 3, 4], '1:4'],
    [[9, 3, 4, 5, 7, 12, 13, 14, 4], '3:5,7,9,12:14'],
  ])('%j → %s', (uids, expected) => {
    expect(uidSet(uids)).toBe(expected);
  });
});

describe('normalizeMessageId', () => {
  it.each([
    ['<a@b.example>', '<a@b.example>'],
    ['a@b.example', '<a@b.example>'],
    ['  <a@b.example> (sent by the list)', '<a@b.example>'],
    ['(comment) a@b.example', '<a@b.example>'],
    ['', null],
    [null, null],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeMessageId(raw)).toBe(expected);
  });
});
