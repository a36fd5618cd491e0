import { getHeapStatistics } from 'node:v8';
import { setImmediate as yieldToTimers } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryReducingCollector, shouldRelease, startMemoryRelease, type MemoryRelease } from './memory-release.js';

const MB = 1024 * 1024;

describe('shouldRelease', () => {
  const policy = { growthBytes: 16 * MB, quietCpuShare: 0.05 };

  it('collects when the heap grew past the baseline and the process is quiet', () => {
    expect(shouldRelease({ heapBytes: 90 * MB, cpuMs: 100, wallMs: 10_000 }, 60 * MB, policy)).toBe(true);
  });

  it('never collects while the engine works, however much the heap grew', () => {
    expect(shouldRelease({ heapBytes: 190 * MB, cpuMs: 9_000, wallMs: 10_000 }, 60 * MB, policy)).toBe(false);
    expect(shouldRelease({ heapBytes: 190 * MB, cpuMs: 501, wallMs: 10_000 }, 60 * MB, policy)).toBe(false);
  });

  it('leaves a heap alone that grew less than the threshold, or a look that measured no time', () => {
    expect(shouldRelease({ heapBytes: 75 * MB, cpuMs: 0, wallMs: 10_000 }, 60 * MB, policy)).toBe(false);
    expect(shouldRelease({ heapBytes: 190 * MB, cpuMs: 0, wallMs: 0 }, 60 * MB, policy)).toBe(false);
  });
});

describe('the memory-reducing collection (real V8)', () => {
  let release: MemoryRelease | null = null;
  afterEach(() => release?.stop());

  it('is available in a Node process started without --expose-gc, and gives a burst’s heap back', () => {
    const collect = memoryReducingCollector();
    expect(collect).not.toBeNull();
    collect?.();
    const before = getHeapStatistics().total_physical_size;
    const burst = retainGarbage(64 * MB);
    const grown = getHeapStatistics().total_physical_size;
    expect(grown - before).toBeGreaterThan(40 * MB);
    burst.length = 0;
    collect?.();
    // The pages the burst used are handed back, not kept for later.
    expect(getHeapStatistics().total_physical_size - before).toBeLessThan(12 * MB);
  });

  it('waits while the process is busy, and collects once it goes quiet', async () => {
    release = startMemoryRelease({ intervalMs: 150, policy: { growthBytes: 24 * MB, quietCpuShare: 0.05 } });
    const burst = retainGarbage(64 * MB);
    // Busy: a second of work with the timers still running in between.
    const busyUntil = performance.now() + 1_000;
    while (performance.now() < busyUntil) {
      spin(20);
      await yieldToTimers();
    }
    expect(release.releases).toBe(0);
    const grown = getHeapStatistics().total_physical_size;
    burst.length = 0;
    const deadline = performance.now() + 10_000;
    while (release.releases === 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(release.releases).toBe(1);
    expect(grown - getHeapStatistics().total_physical_size).toBeGreaterThan(40 * MB);
    // Nothing grew since: no second collection.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(release.releases).toBe(1);
  });
});

/** About `bytes` of small live objects, as a sync's parsed messages are. */
function retainGarbage(bytes: number): { text: string; n: number }[] {
  const kept: { text: string; n: number }[] = [];
  for (let i = 0; i < bytes / 128; i += 1) kept.push({ text: `message ${i} `.repeat(4), n: i });
  return kept;
}

function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) Math.sqrt(Math.random());
}
