import type { AccountConnection } from '@shared/domain/types';
import { clockTime, whenWithTime } from './time';

export type ConnectionTone = 'ok' | 'busy' | 'problem' | 'off';

export interface ConnectionWords {
  /** A short state for a pill: "Connected", "Sign-in failed". */
  readonly label: string;
  readonly tone: ConnectionTone;
  /** A phrase that fits a status line after the address: "the server refused the password". */
  readonly problem: string | null;
}

/** An account's connection in words. */
export function connectionWords(connection: AccountConnection): ConnectionWords {
  switch (connection.state) {
    case 'connected':
      return { label: 'Connected', tone: 'ok', problem: null };
    case 'syncing':
      return { label: 'Syncing…', tone: 'busy', problem: null };
    case 'connecting':
      return { label: 'Connecting…', tone: 'busy', problem: null };
    case 'reconnecting': {
      const retry = connection.nextRetryAt ? `, retrying at ${clockTime(connection.nextRetryAt)}` : '';
      return { label: 'Reconnecting', tone: 'problem', problem: `can’t reach the server${retry}` };
    }
    case 'auth_failed':
      return { label: 'Sign-in failed', tone: 'problem', problem: 'sign-in failed' };
    case 'stopped':
      return { label: 'Stopped', tone: 'off', problem: 'stopped, not being watched' };
  }
}

/** "Last sync 09:14", or while a long sync runs, how far it has come: "Taking in 12,400 of 48,210 messages". */
export function lastSyncWords(connection: AccountConnection): string {
  const progress = connection.progress;
  if (progress) {
    const verb = progress.phase === 'resync' ? 'Going through' : 'Taking in';
    return `${verb} ${progress.done.toLocaleString('en')} of ${progress.total.toLocaleString('en')} messages`;
  }
  return connection.lastSyncAt ? `Last sync ${whenWithTime(connection.lastSyncAt)}` : 'Not synced yet';
}
