/**
 * Granted folders in the words of grants and the ledger ("only under ~/Downloads"): by the path
 * the user granted, with their home folder as ~, never by the root's id, which means nothing to
 * them. A root no longer granted (a grant may outlive it) is said to be so.
 */
import { homedir } from 'node:os';
import { sep } from 'node:path';
import type { RootWords } from '@shared/domain/permissions.js';
import type { StoredAccount } from '../../accounts/account-store.js';
import { rootsOf } from './folders-runtime.js';

export function rootWordsOf(accounts: readonly StoredAccount[], home: string = homedir(), separator: string = sep): RootWords {
  const shown = new Map(
    accounts.filter((account) => account.kind === 'folders').flatMap((account) => rootsOf(account).map((root) => [root.id, homeRelative(root.path, home, separator)] as const)),
  );
  return (rootId) => shown.get(rootId) ?? 'a folder no longer granted';
}

/** "/home/ann/Downloads" → "~/Downloads"; a path outside the home folder as it is. */
export function homeRelative(path: string, home: string, separator: string = sep): string {
  const base = home.replace(/[\\/]+$/, '');
  if (base === '') return path;
  if (path === base) return '~';
  return path.startsWith(`${base}${separator}`) ? `~${path.slice(base.length)}` : path;
}
