/** The model's spend in a few characters: "12.3k", "1M", "$0.02". */
import type { AgentStatus } from '@shared/domain/agent';
import { clockTime } from './time';

export function tokenWords(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(n % 1_000_000 === 0 ? 0 : 1)}M`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(1)}k`;
  return String(n);
}

export function usdWords(n: number): string {
  return n > 0 && n < 0.01 ? '<$0.01' : `$${n.toFixed(2)}`;
}

/** "12.3k of 1M tokens today · $0.02" */
export function spendLine(status: AgentStatus): string {
  return `${tokenWords(status.today.tokens)} of ${tokenWords(status.today.budgetTokens)} tokens today · ${usdWords(status.today.costUsd)}`;
}

/** "Budget spent: 3 jobs wait until 00:00" */
export function budgetSpentLine(status: AgentStatus): string {
  const jobs = status.jobsQueued === 1 ? '1 job waits' : status.jobsQueued > 1 ? `${status.jobsQueued} jobs wait` : 'jobs wait';
  return `Today’s model budget is spent: ${jobs} until ${clockTime(status.today.resetsAt)}`;
}
