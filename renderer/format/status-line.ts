import type { EngineStatus } from '@shared/domain/types';
import { connectionWords } from './connection';
import { whenWithTime } from './time';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "Watching 1 account · 2 waiting · last sync 09:14" */
export function statusLine(status: EngineStatus, waiting: number): string {
  const count = status.accounts.length;
  if (count === 0) return 'No mail account yet';
  const parts = [`Watching ${plural(count, 'account', 'accounts')}`, waiting === 0 ? 'nothing waiting' : `${waiting} waiting`];
  if (status.lastSyncAt) parts.push(`last sync ${whenWithTime(status.lastSyncAt)}`);
  else parts.push('first sync running');
  return parts.join(' · ');
}

/** One phrase per account with a connection problem: "alice@example.com: sign-in failed". */
export function accountProblems(status: EngineStatus): string[] {
  return status.accounts.flatMap((account) => {
    const { problem } = connectionWords(account.connection);
    return problem ? [`${account.email}: ${problem}`] : [];
  });
}
