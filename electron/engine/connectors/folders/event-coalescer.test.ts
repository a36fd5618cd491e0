import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventCoalescer, type EventBatch } from './event-coalescer.js';

describe('coalescing a storm of events', () => {
  let batches: EventBatch[];
  let coalescer: EventCoalescer;
  beforeEach(() => {
    vi.useFakeTimers();
    batches = [];
    coalescer = new EventCoalescer((batch) => batches.push(batch), { quietMs: 50, maxDelayMs: 300, maxPaths: 100 });
  });
  afterEach(() => {
    coalescer.dispose();
    vi.useRealTimers();
  });

  it('sends one batch once events pause, each path once', () => {
    coalescer.add(['/r/a', '/r/b']);
    vi.advanceTimersByTime(30);
    coalescer.add(['/r/a', '/r/c']);
    vi.advanceTimersByTime(49);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([{ paths: ['/r/a', '/r/b', '/r/c'], rescan: false }]);
  });

  it('gets a steady trickle through within the deadline', () => {
    for (let t = 0; t < 20; t++) {
      coalescer.add([`/r/${t}`]);
      vi.advanceTimersByTime(20);
    }
    expect(batches.length).toBeGreaterThanOrEqual(1);
    expect(batches[0]?.paths.length).toBe(15); // everything in the first 300 ms
  });

  it('asks for a rescan instead of listing too many paths', () => {
    coalescer.add(Array.from({ length: 101 }, (_, i) => `/r/${i}`));
    coalescer.add(['/r/later']);
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([{ paths: [], rescan: true }]);
  });

  it('passes a watcher’s request for a rescan on', () => {
    coalescer.add(['/r/a']);
    coalescer.requestRescan();
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([{ paths: [], rescan: true }]);
  });
});
