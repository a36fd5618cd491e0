import { describe, expect, it } from 'vitest';
import type { GoogleEvent } from './google-event.js';
import { listingChanges } from './listing-changes.js';

const master: GoogleEvent = { id: 's', summary: 'Weekly', recurrence: ['RRULE:FREQ=WEEKLY'], start: { date: '2024-05-14' }, end: { date: '2024-05-15' } };
const moved: GoogleEvent = { id: 's_1', recurringEventId: 's', summary: 'Moved', originalStartTime: { date: '2024-05-21' }, start: { date: '2024-05-22' }, end: { date: '2024-05-23' } };
const single: GoogleEvent = { id: 'x', summary: 'Dentist', start: { date: '2024-05-16' }, end: { date: '2024-05-17' } };
const stored = new Map<string, GoogleEvent>([
  ['s', master],
  ['s_1', moved],
  ['x', single],
]);

describe('what a listing changes', () => {
  it.each([
    {
      name: 'incremental, nothing new: nothing to do',
      listing: { mode: 'incremental', events: [single] },
      expected: { put: [], removeEventIds: [], removeSeries: [], affectedSeries: [] },
    },
    {
      name: 'incremental, a changed instance: stored, its series rebuilt',
      listing: { mode: 'incremental', events: [{ ...moved, summary: 'Moved again' }] },
      expected: { put: [{ ...moved, summary: 'Moved again' }], removeEventIds: [], removeSeries: [], affectedSeries: ['s'] },
    },
    {
      name: 'incremental, a cancelled master: the whole series goes',
      listing: { mode: 'incremental', events: [{ id: 's', status: 'cancelled' }] },
      expected: { put: [], removeEventIds: [], removeSeries: ['s'], affectedSeries: ['s'] },
    },
    {
      name: 'incremental, a cancelled instance: kept (it becomes an EXDATE)',
      listing: { mode: 'incremental', events: [{ id: 's_2', recurringEventId: 's', status: 'cancelled', originalStartTime: { date: '2024-05-28' } }] },
      expected: { put: [{ id: 's_2', recurringEventId: 's', status: 'cancelled', originalStartTime: { date: '2024-05-28' } }], removeEventIds: [], removeSeries: [], affectedSeries: ['s'] },
    },
    {
      name: 'full, the single event missing: it is gone, the rest unchanged',
      listing: { mode: 'full', events: [master, moved] },
      expected: { put: [], removeEventIds: ['x'], removeSeries: [], affectedSeries: ['x'] },
    },
    {
      name: 'full, the moved instance missing: removed, its series rebuilt',
      listing: { mode: 'full', events: [master, single] },
      expected: { put: [], removeEventIds: ['s_1'], removeSeries: [], affectedSeries: ['s'] },
    },
  ] as const)('$name', ({ listing, expected }) => {
    expect(listingChanges(stored, listing)).toEqual(expected);
  });
});
