/**
 * Keeps the engine's heap close to what it holds while it works.
 *
 * Two V8 settings, both chosen on the IMAP benchmark (a 50,000-message first sync through
 * `steward host`), both set at run time:
 *
 * - **How far the old generation grows between full collections.** After each one V8 lets it grow
 *   to a multiple of what survived, its own choice between 1.1 and 4, and a busy process that
 *   allocates fast gets a high one: the heap ran at about twice its live size, and that lag was
 *   the largest share of the host's peak RSS. A fixed 25 % (`--heap-growing-percent`) measured
 *   171–182 MB at the peak where 50 % measured 184–198 MB, CPU per message the same on a quiet
 *   machine (V8 marks concurrently, on another core) and 4–10 % higher on a loaded one.
 * - **Memory saver mode** (`--memory-saver-mode`, the mode Chromium switches its renderers to when
 *   memory runs short). Whatever the percentage, the heap still ran 13–17 MB above the ~31 MB it
 *   held live during the sync (two heap snapshots of one run: 28.1 MB idle, 31.6 MB mid-sync):
 *   V8 grows the old generation by a minimum step before it collects again, and at a heap this
 *   small the step, not the percentage, set the peak. In saver mode V8 collects a small heap far
 *   more often (the test beside this file: about 1 full collection against 75–99). Six runs with it
 *   and six without: peak 137–144 MB against 146–153 MB, the arrival of new mail to its
 *   suggestion as fast. It costs CPU, 0.52–0.61 s per 1,000 messages against 0.47–0.56 (about
 *   half of it on V8's helper threads), so a first sync takes 7–12 % longer. The engine is an
 *   assistant left running for months beside the user's own work; its footprint is what they
 *   live with, a first sync happens once.
 *
 * Neither is a cap: the heap still grows as far as the work needs, in smaller steps, so nothing
 * can run out of memory because of them.
 *
 * Both launchers call this through startHost. The flags are set at run time for the same reason
 * and with the same safety as memory-release.ts (Electron's utility process cannot be given V8
 * flags: see shell.ts; both it and Node leave flags unfrozen). V8 reads them when it sets the next
 * limit (the growth in MemoryController::GrowingFactor; the saver mode, as the test beside this
 * file shows, from then on too), so they apply from the next collection on.
 */
import { setFlagsFromString } from 'node:v8';

/** How much the old generation may grow past what the last full collection left, in percent. */
export const HEAP_GROWING_PERCENT = 25;

/** Whether the user started Node with this V8 flag (either spelling, either way round). */
function chosen(execArgv: readonly string[], flag: string): boolean {
  const name = flag.replace(/-/g, '[-_]');
  return execArgv.some((arg) => new RegExp(`^--(no[-_])?${name}(=|$)`).test(arg));
}

/**
 * The V8 flags to set. A flag the user started Node with wins, and its own is then left out:
 * `node --heap-growing-percent=50 bin/steward.js host`, or `--no-memory-saver-mode` for a first
 * sync at full speed. Node accepts neither in NODE_OPTIONS.
 */
export function heapFlags(execArgv: readonly string[], percent = HEAP_GROWING_PERCENT): string[] {
  return [
    ...(chosen(execArgv, 'heap-growing-percent') ? [] : [`--heap-growing-percent=${percent}`]),
    ...(chosen(execArgv, 'memory-saver-mode') ? [] : ['--memory-saver-mode']),
  ];
}

/** Sets the flags for this process (see above). */
export function limitHeapGrowth(): void {
  for (const flag of heapFlags(process.execArgv)) setFlagsFromString(flag);
}
