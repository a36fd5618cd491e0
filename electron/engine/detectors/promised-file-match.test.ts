import { describe, expect, it } from 'vitest';
import { findFilePromise, lookupWords } from './promised-file-match.js';
import { lookAgainAt } from './promised-file.js';

// Wednesday 25 November 2026.
const SENT = { year: 2026, month: 11, day: 25 };

describe('a promise to send a file', () => {
  it.each([
    ["I'll send the deck Friday.", 'the deck', 'deck', '2026-11-27'],
    ['Will share the slides tomorrow', 'the slides', 'slides', '2026-11-26'],
    ["I'll get you the report by Monday.", 'the report', 'report', '2026-11-30'],
    ['Thanks Bob! I will send you the Q3 deck on Friday.', 'the Q3 deck', 'Q3 deck', '2026-11-27'],
    ["I'm going to share the final budget by 2 December.", 'the final budget', 'final budget', '2026-12-02'],
    ["I'll email over the signed contract by end of the week", 'the signed contract', 'signed contract', '2026-11-27'],
    ['Let me forward the spreadsheet tomorrow.', 'the spreadsheet', 'spreadsheet', '2026-11-26'],
  ])('%s', (text, thing, nameWords, due) => {
    expect(findFilePromise(text, SENT)).toMatchObject({ thing, nameWords, due });
  });

  it.each([
    ["I'll send you a calendar invite for Friday."],
    ["I'll send the link tomorrow."],
    ["I'll send a note Friday."],
    ['Could you send the deck by Friday?'],
    ['Bob will send the deck Friday.'],
    ["I'll send the deck soon."],
    ['> I will send the report Friday.'],
    ['I sent the deck on Friday.'],
  ])('not: %s', (text) => {
    expect(findFilePromise(text, SENT)).toBeNull();
  });
});

describe('when a promise is looked at again', () => {
  it.each([
    ['Europe/Berlin', '2026-11-27T23:00:00.000Z'],
    ['America/New_York', '2026-11-28T05:00:00.000Z'],
    ['UTC', '2026-11-28T00:00:00.000Z'],
  ])('the start of the day after the promised one, in %s', (zone, at) => {
    expect(lookAgainAt('2026-11-27', zone).toISOString()).toBe(at);
  });
});

describe('the words a promised file is looked up by', () => {
  it.each([
    ['Q3 deck', 'Q3 deck'],
    ['deck', 'deck'],
    ['file', null],
    ['PDF', null],
  ])('%s', (nameWords, words) => {
    expect(lookupWords({ nameWords })).toBe(words);
  });
});
