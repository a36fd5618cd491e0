/**
 * Today's spend against the daily budget, from the recorded calls: what the agent loop asks
 * before every model call, and what `steward status --json` and the popover show.
 */
import type { Clock } from '../clock.js';
import { dailyBudgetState, startOfDayIn, type DailyBudgetState } from './budget.js';
import type { RunStore } from './run-store.js';

export interface BudgetGuard {
  /** Where today's budget stands; `exhausted` means jobs wait until `resetsAt`. */
  today(): Promise<DailyBudgetState>;
}

export class DailyBudgetGuard implements BudgetGuard {
  constructor(
    private readonly runs: Pick<RunStore, 'spendSince'>,
    /** The budget in force (it can change with `steward config set`). */
    private readonly budgetTokens: () => Promise<number> | number,
    /** The user's IANA time zone: the budget refills at their midnight. */
    private readonly timeZone: () => string,
    private readonly clock: Clock,
  ) {}

  async today(): Promise<DailyBudgetState> {
    const now = this.clock.now();
    const timeZone = this.timeZone();
    const spend = this.runs.spendSince(startOfDayIn(timeZone, now));
    return dailyBudgetState({ budgetTokens: await this.budgetTokens(), spentTokens: spend.tokens, spentUsd: spend.costUsd, now, timeZone });
  }
}
