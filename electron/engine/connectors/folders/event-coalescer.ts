/**
 * Gathers a storm of filesystem events into batches: a batch goes out once events pause for
 * `quietMs`, or at the latest `maxDelayMs` after its first event (a steady trickle still gets
 * through within a second). A path named many times is named once. Past `maxPaths` in one
 * batch it stops listing and asks for a rescan of the whole folder instead, which is cheaper
 * than thousands of single checks and cannot miss anything.
 */
export interface EventBatch {
  /** Absolute paths as the watcher reported them, each once. */
  readonly paths: readonly string[];
  /** Too many to list (or the watcher lost track): rescan the whole folder. */
  readonly rescan: boolean;
}

export interface CoalescerOptions {
  readonly quietMs?: number;
  readonly maxDelayMs?: number;
  readonly maxPaths?: number;
}

export class EventCoalescer {
  private pending = new Set<string>();
  private rescan = false;
  private quietTimer: NodeJS.Timeout | null = null;
  private deadlineTimer: NodeJS.Timeout | null = null;
  private readonly quietMs: number;
  private readonly maxDelayMs: number;
  private readonly maxPaths: number;

  constructor(
    private readonly flush: (batch: EventBatch) => void,
    options: CoalescerOptions = {},
  ) {
    this.quietMs = options.quietMs ?? 50;
    this.maxDelayMs = options.maxDelayMs ?? 300;
    this.maxPaths = options.maxPaths ?? 5000;
  }

  add(paths: Iterable<string>): void {
    if (!this.rescan) {
      for (const path of paths) {
        this.pending.add(path);
        if (this.pending.size > this.maxPaths) {
          this.rescan = true;
          this.pending.clear();
          break;
        }
      }
    }
    this.arm();
  }

  /** The watcher lost events (its queue overflowed, it reported an error): rescan. */
  requestRescan(): void {
    this.rescan = true;
    this.pending.clear();
    this.arm();
  }

  /** Sends what is pending now. */
  flushNow(): void {
    this.clearTimers();
    if (this.pending.size === 0 && !this.rescan) return;
    const batch: EventBatch = { paths: [...this.pending], rescan: this.rescan };
    this.pending = new Set();
    this.rescan = false;
    this.flush(batch);
  }

  dispose(): void {
    this.clearTimers();
    this.pending.clear();
    this.rescan = false;
  }

  private arm(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.flushNow(), this.quietMs);
    this.deadlineTimer ??= setTimeout(() => this.flushNow(), this.maxDelayMs);
  }

  private clearTimers(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    this.quietTimer = null;
    this.deadlineTimer = null;
  }
}
