/**
 * Keeps the engine's heap close to what it holds while it works.
 *
 * Why: after each full collection V8 lets the old generation grow to a multiple of what survived
 * before it collects again. The multiple is its own choice, between 1.1 and 4, and a busy process
 * that allocates fast gets a high one: during a 50,000-message first sync the heap ran at about
 * twice its live size, and that lag was the largest share of the host's peak RSS. A fixed 25 %
 * (`--heap-growing-percent`) measured 171–182 MB at the peak where 50 % measured 184–198 MB. CPU
 * per message was the same on a quiet machine (V8 marks concurrently, on another core) and 4–10 %
 * higher on a loaded one. It is not a cap: the heap still grows as far as the work needs, only in
 * smaller steps, so nothing can run out of memory because of it.
 *
 * Both launchers call this through startHost. The flag is set at run time, for the same reason and
 * with the same safety as memory-release.ts (Electron's utility process cannot be given V8 flags:
 * see shell.ts; both it and Node leave flags unfrozen). V8 reads it each time it sets the next
 * limit (MemoryController::GrowingFactor in src/heap/heap-controller.cc), so it applies from the
 * next full collection on.
 */
import { setFlagsFromString } from 'node:v8';

/** How much the old generation may grow past what the last full collection left, in percent. */
export const HEAP_GROWING_PERCENT = 25;

/**
 * The V8 flag to set, or null when the user started Node with a growth of their own (theirs wins:
 * `node --heap-growing-percent=50 bin/steward.js host`). Node does not accept it in NODE_OPTIONS.
 */
export function heapGrowthFlag(execArgv: readonly string[], percent = HEAP_GROWING_PERCENT): string | null {
  const chosen = execArgv.some((arg) => /^--heap[-_]growing[-_]percent(=|$)/.test(arg));
  return chosen ? null : `--heap-growing-percent=${percent}`;
}

/** Sets the growth for this process (see above). */
export function limitHeapGrowth(): void {
  const flag = heapGrowthFlag(process.execArgv);
  if (flag) setFlagsFromString(flag);
}
