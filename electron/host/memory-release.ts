/**
 * Hands memory back to the system once the engine goes quiet after a burst of work.
 *
 * Why: V8 keeps the heap it grew during a burst (a 50,000-message first sync takes the host from
 * 107 MB to about 190 MB) and, in a Node process nobody interacts with, its memory reducer never
 * gets to run: measured, the host then sat at 182 MB for as long as it stayed idle. Browsers tell
 * V8 when a tab goes to the background; nothing tells it here. One memory-reducing collection once
 * the work is over (about 90 ms) brought the same host to 129 MB, the heap's unused pages and the
 * native memory around them included.
 *
 * The decision is pure (`shouldRelease`); the timer, the heap figures and the collection are the
 * I/O around it. It never runs while the engine is busy, so it costs a sync nothing.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** What one look at the process says. */
export interface MemorySample {
  /** The heap's resident size now (V8's total_physical_size), in bytes. */
  readonly heapBytes: number;
  /** CPU time the whole process used since the previous look (all threads), in ms. */
  readonly cpuMs: number;
  /** Wall time since the previous look, in ms. */
  readonly wallMs: number;
}

export interface ReleasePolicy {
  /** Collect once the heap is this much above where the last release (or the start) left it. */
  readonly growthBytes: number;
  /** Quiet: the process used at most this share of one core since the previous look. */
  readonly quietCpuShare: number;
}

export const DEFAULT_RELEASE_POLICY: ReleasePolicy = { growthBytes: 16 * 1024 * 1024, quietCpuShare: 0.05 };

/** Whether to collect now: the heap grew well past its baseline and the engine has gone quiet. */
export function shouldRelease(sample: MemorySample, baselineBytes: number, policy: ReleasePolicy = DEFAULT_RELEASE_POLICY): boolean {
  const quiet = sample.wallMs > 0 && sample.cpuMs <= sample.wallMs * policy.quietCpuShare;
  return quiet && sample.heapBytes - baselineBytes >= policy.growthBytes;
}

/** Runs a full, memory-reducing collection. */
export type Collector = () => void;

/**
 * Node's `gc` with the flavour V8 uses when memory runs short (it compacts and gives unused pages
 * back). The engine is not started with --expose-gc (neither `node` nor Electron's utility process
 * is ours to launch with flags), so the flag is set now and `gc` is taken from a fresh context, the
 * only one that sees it. Setting a flag this late is safe in both processes that run the engine:
 * V8 would abort on a frozen flag, and both Node (InitializeOncePerProcess) and Electron's
 * utility process (shell/browser/javascript_environment.cc, which its NodeService uses) start V8
 * with --no-freeze-flags-after-init, because node:v8's setFlagsFromString depends on it.
 */
export function memoryReducingCollector(): Collector | null {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('typeof gc === "function" ? gc : null') as ((options?: object) => void) | null;
    if (!gc) return null;
    return () => gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  } catch {
    return null;
  }
}

export interface MemoryRelease {
  /** How many collections it ran (for tests and the note's figures). */
  readonly releases: number;
  stop(): void;
}

export interface MemoryReleaseOptions {
  readonly intervalMs?: number;
  readonly policy?: ReleasePolicy;
  readonly collector?: Collector | null;
  readonly heapBytes?: () => number;
}

/** Looks every `intervalMs` (10 s) and collects when `shouldRelease` says so. The timer never keeps the process alive. */
export function startMemoryRelease(options: MemoryReleaseOptions = {}): MemoryRelease {
  const collect = options.collector === undefined ? memoryReducingCollector() : options.collector;
  const heapBytes = options.heapBytes ?? (() => getHeapStatistics().total_physical_size);
  const policy = options.policy ?? DEFAULT_RELEASE_POLICY;
  let releases = 0;
  let baseline = heapBytes();
  let lastCpu = process.cpuUsage();
  let lastWall = performance.now();
  const timer = setInterval(() => {
    const cpu = process.cpuUsage(lastCpu);
    const wall = performance.now();
    const sample = { heapBytes: heapBytes(), cpuMs: (cpu.user + cpu.system) / 1000, wallMs: wall - lastWall };
    // A heap that shrank by itself lowers the baseline: growth is measured from the smallest seen.
    baseline = Math.min(baseline, sample.heapBytes);
    if (collect && shouldRelease(sample, baseline, policy)) {
      collect();
      releases += 1;
      baseline = heapBytes();
    }
    // The collection's own CPU must not count against the next look's quiet.
    lastCpu = process.cpuUsage();
    lastWall = performance.now();
  }, options.intervalMs ?? 10_000);
  timer.unref();
  return {
    get releases() {
      return releases;
    },
    stop: () => clearInterval(timer),
  };
}
