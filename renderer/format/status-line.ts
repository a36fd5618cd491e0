import type { EngineStatus } from '@shared/domain/types';
import { connectionWords, lastSyncWords } from './connection';
import { whenWithTime } from './time';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "Watching 1 account · 2 waiting · last sync 09:14" */
export function statusLine(status: EngineStatus, waiting: number): string {
  const count = status.accounts.length;
  if (count === 0) return 'No mail account yet';
  const parts = [`Watching ${plural(count, 'account', 'accounts')}`, waiting === 0 ? 'nothing waiting' : `${waiting} waiting`];
  // A long first sync says how far it has come: "taking in 12,400 of 48,210 messages".
  const syncing = status.accounts.find((account) => account.connection.progress);
  if (syncing) parts.push(lastSyncWords(syncing.connection).replace(/^./, (c) => c.toLowerCase()));
  else if (status.lastSyncAt) parts.push(`last sync ${whenWithTime(status.lastSyncAt)}`);
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
