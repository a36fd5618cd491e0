import { describe, expect, it } from 'vitest';
import { decideInterruption, inSpan, minuteOfDayIn, type InterruptionQuestion } from './policy.js';

const base: InterruptionQuestion = {
  urgency: 'normal',
  paused: false,
  away: false,
  minUrgency: 'normal',
  quietHours: '22:00-07:00',
  minuteOfDay: 10 * 60,
  inMeeting: false,
  perHour: 4,
  notifiedLastHour: 0,
};

describe('decideInterruption', () => {
  it.each([
    { name: 'notifies a normal suggestion at 10:00', q: {}, notify: true, reason: 'notified' },
    { name: 'says an urgent one is urgent', q: { urgency: 'high' as const }, notify: true, reason: 'notified: urgent' },
    { name: 'holds while paused, whatever the urgency', q: { paused: true, urgency: 'high' as const }, notify: false, reason: 'held: Steward is paused' },
    { name: 'holds while the user is away', q: { away: true, urgency: 'high' as const }, notify: false, reason: /held: you were away/ },
    { name: 'holds below the threshold', q: { urgency: 'low' as const }, notify: false, reason: 'held: low urgency (you are notified from normal up)' },
    { name: 'lets low through when the threshold is low', q: { urgency: 'low' as const, minUrgency: 'low' as const }, notify: true, reason: 'notified' },
    { name: 'holds in quiet hours before midnight', q: { minuteOfDay: 23 * 60 }, notify: false, reason: 'held: quiet hours (22:00–07:00)' },
    { name: 'holds in quiet hours after midnight', q: { minuteOfDay: 6 * 60 + 59 }, notify: false, reason: /quiet hours/ },
    { name: 'notifies when quiet hours end', q: { minuteOfDay: 7 * 60 }, notify: true, reason: 'notified' },
    { name: 'quiet hours hold even urgent things', q: { minuteOfDay: 23 * 60, urgency: 'high' as const }, notify: false, reason: /quiet hours/ },
    { name: 'notifies anytime without quiet hours', q: { minuteOfDay: 23 * 60, quietHours: null }, notify: true, reason: 'notified' },
    { name: 'holds a normal one in a meeting', q: { inMeeting: true }, notify: false, reason: 'held: you are in a meeting' },
    { name: 'lets an urgent one into a meeting', q: { inMeeting: true, urgency: 'high' as const }, notify: true, reason: 'notified: urgent' },
    { name: 'holds past the hourly budget', q: { notifiedLastHour: 4 }, notify: false, reason: 'held: 4 notifications in the past hour already' },
    { name: 'the budget holds urgent ones too', q: { notifiedLastHour: 4, urgency: 'high' as const }, notify: false, reason: /past hour/ },
    { name: 'a budget of 0 turns notifications off', q: { perHour: 0 }, notify: false, reason: 'held: notifications are off (0 per hour)' },
  ])('$name', ({ q, notify, reason }) => {
    const verdict = decideInterruption({ ...base, ...q });
    expect(verdict.notify).toBe(notify);
    expect(verdict.reason).toMatch(reason);
  });
});

describe('inSpan', () => {
  it.each([
    ['09:00-17:00', 9 * 60, true],
    ['09:00-17:00', 17 * 60, false],
    ['09:00-17:00', 8 * 60 + 59, false],
    ['22:00-07:00', 0, true],
    ['22:00-07:00', 12 * 60, false],
    ['08:00-08:00', 8 * 60, false],
  ])('%s contains minute %i: %s', (span, minute, expected) => {
    expect(inSpan(span, minute)).toBe(expected);
  });
});

describe('minuteOfDayIn', () => {
  it('reads the local time in the user’s zone, across DST', () => {
    expect(minuteOfDayIn(new Date('2026-07-01T20:30:00Z'), 'Europe/Paris')).toBe(22 * 60 + 30);
    expect(minuteOfDayIn(new Date('2026-12-01T20:30:00Z'), 'Europe/Paris')).toBe(21 * 60 + 30);
    expect(minuteOfDayIn(new Date('2026-12-01T20:30:00Z'), 'America/New_York')).toBe(15 * 60 + 30);
  });
});
