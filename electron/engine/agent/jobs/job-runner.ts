/**
 * Runs the agent's jobs, one at a time, in order of priority and due time.
 *
 * - Nothing starts while Steward is paused; a pause aborts the job in flight at once (its model
 *   call included) and the job waits for the resume, its attempt not counted.
 * - Nothing starts while the day's budget is spent; jobs wait for the user's midnight.
 * - A heavy job (the review) waits for the user to be idle, up to HEAVY_MAX_WAIT_MS.
 * - What becomes of a job after its run is job-outcome.ts's decision; the runner applies it.
 */
import type { Clock } from '../../clock.js';
import type { KillSwitch } from '../../gate/kill-switch.js';
import type { BudgetGuard } from '../budget-guard.js';
import type { JobKind } from '../job-profiles.js';
import type { AgentRuntime, HandlerResult, JobHandler } from './job-handler.js';
import { decideJobOutcome, type JobDecision } from './job-outcome.js';
import type { JobRecord, JobStore } from './job-store.js';

/** A heavy job runs while the user is active only after waiting this long for idle time. */
export const HEAVY_MAX_WAIT_MS = 2 * 60 * 60_000;
/** The runner looks again at least this often (timers do not count time asleep). */
const MAX_SLEEP_MS = 15 * 60_000;

export interface JobRunnerDeps {
  readonly jobs: JobStore;
  readonly handlers: Readonly<Record<JobKind, JobHandler<never>>>;
  readonly runtime: AgentRuntime;
  readonly killSwitch: KillSwitch;
  readonly budget: BudgetGuard;
  readonly clock: Clock;
  /** Whether the user is at the screen (heavy jobs wait for them to leave). */
  readonly userActive: () => boolean;
  /** Told when a job starts or ends (status, spend). */
  readonly onChange: () => void;
}

/** The last thing that went wrong with the model, for the status line; cleared by a good run. */
export interface ModelProblem {
  readonly words: string;
  readonly at: string;
}

export class JobRunner {
  private current: { readonly job: JobRecord; readonly controller: AbortController; readonly done: Promise<void> } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private started = false;
  private problem: ModelProblem | null = null;
  private ticking = false;

  constructor(private readonly deps: JobRunnerDeps) {}

  start(): void {
    this.started = true;
    this.wake();
  }

  /** Looks for due work soon. Safe to call often. */
  wake(): void {
    if (!this.started || this.stopped) return;
    this.schedule(0);
  }

  get running(): JobRecord | null {
    return this.current?.job ?? null;
  }

  get lastProblem(): ModelProblem | null {
    return this.problem;
  }

  /** Runs every due job now, one after another (tests and benchmarks drive the runner with this). */
  async drain(): Promise<void> {
    for (let i = 0; i < 1000 && !this.stopped; i++) {
      await this.current?.done;
      if (!(await this.tick())) break;
    }
    await this.current?.done;
  }

  /** Stops taking jobs; the job in flight is aborted and queued again for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const current = this.current;
    if (current) {
      current.controller.abort(new Error('Steward is stopping.'));
      await current.done;
    }
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = null;
        void this.tick().catch((error: unknown) => console.error('[steward] the agent could not run its jobs:', error));
      },
      Math.max(0, Math.min(ms, MAX_SLEEP_MS)),
    );
    this.timer.unref?.();
  }

  /** Starts the next job if one may run now; true when it started one. */
  private async tick(): Promise<boolean> {
    if (this.stopped || this.current || this.ticking || this.deps.killSwitch.paused) return false;
    this.ticking = true;
    try {
      const { jobs, clock } = this.deps;
      const budget = await this.deps.budget.today();
      if (budget.exhausted) {
        if (jobs.nextDueAt() !== null) this.schedule(new Date(budget.resetsAt).getTime() - clock.now().getTime());
        return false;
      }
      const now = clock.now();
      const next = this.pick(jobs.due(now), now);
      if (!next) {
        const later = this.nextWake(now);
        if (later !== null) this.schedule(later);
        return false;
      }
      this.begin(next);
      return true;
    } finally {
      this.ticking = false;
    }
  }

  /** The most urgent due job that may run now (heavy ones wait for idle time, up to a limit). */
  private pick(due: readonly JobRecord[], now: Date): JobRecord | null {
    const active = this.deps.userActive();
    const runnable = due.filter((job) => !this.deps.handlers[job.kind].heavy || !active || now.getTime() - Date.parse(job.createdAt) >= HEAVY_MAX_WAIT_MS);
    runnable.sort((a, b) => this.deps.handlers[a.kind].priority - this.deps.handlers[b.kind].priority || a.nextRunAt.localeCompare(b.nextRunAt));
    return runnable[0] ?? null;
  }

  /** Ms until something may run: the next due job, or a waiting heavy job's limit. */
  private nextWake(now: Date): number | null {
    const due = this.deps.jobs.nextDueAt();
    if (due === null) return null;
    const waitingHeavy = this.deps.jobs.due(now).filter((job) => this.deps.handlers[job.kind].heavy);
    const heavyAt = waitingHeavy.map((job) => Date.parse(job.createdAt) + HEAVY_MAX_WAIT_MS);
    const dueAt = Date.parse(due);
    const candidates = [dueAt > now.getTime() ? dueAt : Number.POSITIVE_INFINITY, ...heavyAt].filter((at) => at > now.getTime());
    return candidates.length > 0 ? Math.min(...candidates) - now.getTime() : MAX_SLEEP_MS;
  }

  private begin(job: JobRecord): void {
    const { jobs } = this.deps;
    if (!jobs.start(job.id)) return;
    const controller = new AbortController();
    const signal = AbortSignal.any([this.deps.killSwitch.signal, controller.signal]);
    const started: JobRecord = { ...job, state: 'running', attempts: job.attempts + 1 };
    const done = this.execute(started, signal)
      .catch((error: unknown) => console.error(`[steward] the ${job.kind} job failed unexpectedly:`, error))
      .finally(() => {
        this.current = null;
        this.deps.onChange();
        this.wake();
      });
    this.current = { job: started, controller, done };
    this.deps.onChange();
  }

  private async execute(job: JobRecord, signal: AbortSignal): Promise<void> {
    const handler = this.deps.handlers[job.kind];
    const parsed = handler.payload.safeParse(job.payload);
    if (!parsed.success) {
      this.deps.jobs.finish(job.id, 'failed', `The job's data is not what a ${job.kind} job takes; it was dropped.`);
      return;
    }
    let result: HandlerResult;
    try {
      result = await handler.run(job, parsed.data, this.deps.runtime, signal);
    } catch (error) {
      const words = error instanceof Error ? error.message : String(error);
      this.apply(job, decideJobOutcome({ outcome: { status: 'failed', failure: null, detail: words }, attempts: job.attempts, now: this.deps.clock.now(), stopping: this.stopped }), null);
      return;
    }
    if (!result.run) {
      this.deps.jobs.finish(job.id, 'done', result.detail);
      return;
    }
    const { outcome, runId } = result.run;
    if (outcome.status === 'failed' && outcome.failure && outcome.failure.kind !== 'aborted') {
      this.problem = { words: outcome.detail, at: this.deps.clock.now().toISOString() };
    } else if (outcome.status === 'done' || outcome.status === 'cap_reached') {
      this.problem = null;
    }
    const decision = decideJobOutcome({ outcome, attempts: job.attempts, now: this.deps.clock.now(), stopping: this.stopped });
    this.apply(job, decision.state === 'done' ? { ...decision, detail: result.detail ?? decision.detail } : decision, runId);
  }

  private apply(job: JobRecord, decision: JobDecision, runId: string | null): void {
    const { jobs } = this.deps;
    switch (decision.state) {
      case 'done':
      case 'failed':
        jobs.finish(job.id, decision.state, decision.detail, runId);
        return;
      case 'queued':
        jobs.requeue(job.id, { at: decision.at, reason: decision.reason, detail: decision.detail, runId, refund: decision.refund });
    }
  }
}
