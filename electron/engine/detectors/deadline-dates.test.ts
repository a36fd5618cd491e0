import { describe, expect, it } from 'vitest';
import { findDeadline, nextWeekday, type CalendarDay } from './deadline-dates.js';

// Wednesday 25 November 2026.
const wed: CalendarDay = { year: 2026, month: 11, day: 25 };

describe('findDeadline', () => {
  it.each([
    ['Please pay the invoice by Friday.', '2026-11-27'],
    ['The report is due on Friday', '2026-11-27'],
    ['Submit it by next Wednesday', '2026-12-02'],
    ['Submit it by Wednesday', '2026-11-25'],
    ['Due tomorrow, thanks.', '2026-11-26'],
    ['The deadline is 5 December.', '2026-12-05'],
    ['Deadline: December 5th', '2026-12-05'],
    ['Send it no later than the 3rd of January', '2027-01-03'],
    ['Registration closes on Dec 1.', '2026-12-01'],
    ['The offer expires on 2026-12-10.', '2026-12-10'],
    ['Please sign it by end of the week.', '2026-11-27'],
    ['We need it by EOD', '2026-11-25'],
    ['Return the form before Monday, 30 November 2026', '2026-11-30'],
  ])('%s → %s', (text, due) => {
    expect(findDeadline(text, wed)?.due).toBe(due);
  });

  it.each([
    ['No date at all, just thanks.'],
    ['See you on Friday for lunch.'],
    ['Call me by 12/05 if you can.'],
    ['It was done by 5 decisions of the board.'],
    ['Warmed by sunlight all day.'],
    ['The deadline is 31 February.'],
  ])('finds nothing in: %s', (text) => {
    expect(findDeadline(text, wed)).toBeNull();
  });

  it('keeps the sentence that says it', () => {
    expect(findDeadline('Hi Alice.\nThe invoice is due on 5 December. Thanks!', wed)?.sentence).toBe('The invoice is due on 5 December.');
  });
});

describe('nextWeekday', () => {
  it.each([
    [5, false, '2026-11-27'],
    [3, false, '2026-11-25'],
    [3, true, '2026-12-02'],
    [1, false, '2026-11-30'],
  ])('weekday %i (next: %s) from Wed 25 Nov → %s', (weekday, next, expected) => {
    const day = nextWeekday(wed, weekday, next);
    expect(`${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`).toBe(expected);
  });
});
