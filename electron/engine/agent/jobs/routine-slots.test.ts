import { describe, expect, it } from 'vitest';
import { parseSchedule, type Schedule } from '@shared/config/agent.js';
import { dueSlot, latestSlot, nextSlot } from './routine-slots.js';

function schedule(text: string): Schedule {
  const parsed = parseSchedule(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.schedule;
}

const BERLIN = 'Europe/Berlin';
const HOUR = 60 * 60_000;

describe('routine slots', () => {
  it.each([
    { name: 'before the slot on a weekday: yesterday’s', now: '2026-11-25T06:00:00Z', latest: '2026-11-24T07:00:00.000Z', next: '2026-11-25T07:00:00.000Z' },
    { name: 'after the slot: today’s', now: '2026-11-25T07:30:00Z', latest: '2026-11-25T07:00:00.000Z', next: '2026-11-26T07:00:00.000Z' },
    { name: 'on a Sunday: Friday’s, then Monday’s', now: '2026-11-29T12:00:00Z', latest: '2026-11-27T07:00:00.000Z', next: '2026-11-30T07:00:00.000Z' },
    { name: 'across the spring DST change (08:00 is 06:00 UTC after it)', now: '2026-03-30T12:00:00Z', latest: '2026-03-30T06:00:00.000Z', next: '2026-03-31T06:00:00.000Z' },
  ])('08:00 weekdays in Berlin, $name', ({ now, latest, next }) => {
    const s = schedule('08:00 weekdays');
    expect(latestSlot(s, BERLIN, new Date(now))?.toISOString()).toBe(latest);
    expect(nextSlot(s, BERLIN, new Date(now))?.toISOString()).toBe(next);
  });

  it('fires once for the latest slot missed while asleep, and not for one already fired', () => {
    const s = schedule('08:00 weekdays');
    const lastFired = new Date('2026-11-23T07:00:00Z');
    // Asleep from Monday's brief until Wednesday 10:00: one brief, for Wednesday 08:00.
    const wake = new Date('2026-11-25T09:00:00Z');
    const slot = dueSlot(s, BERLIN, wake, lastFired, 16 * HOUR);
    expect(slot?.toISOString()).toBe('2026-11-25T07:00:00.000Z');
    expect(dueSlot(s, BERLIN, new Date(wake.getTime() + HOUR), slot, 16 * HOUR)).toBeNull();
  });

  it('skips a slot missed by more than the limit', () => {
    const s = schedule('08:00 daily');
    expect(dueSlot(s, BERLIN, new Date('2026-11-26T05:00:00Z'), new Date('2026-11-20T07:00:00Z'), 16 * HOUR)).toBeNull();
  });
});

describe('parseSchedule', () => {
  it.each([
    ['08:00 weekdays', 480, [1, 2, 3, 4, 5]],
    ['7:30', 450, [0, 1, 2, 3, 4, 5, 6]],
    ['18:00 mon,wed,fri', 1080, [1, 3, 5]],
    ['10:00 sat-sun', 600, [0, 6]],
    ['09:15 fri-mon', 555, [0, 1, 5, 6]],
    ['06:00 weekends', 360, [0, 6]],
  ] as const)('%s', (text, minuteOfDay, days) => {
    expect(parseSchedule(text)).toEqual({ ok: true, schedule: { minuteOfDay, days } });
  });

  it.each([['8am'], ['25:00 daily'], ['08:00 someday']])('refuses %s in words', (text) => {
    const parsed = parseSchedule(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/write a time|is not a day/);
  });
});
