/**
 * One sync of a whole IMAP account: every folder in turn, each caught up and then given a slice
 * of its history, round after round until the history is all in. Rounds keep a long first sync
 * fair: INBOX's new mail is taken between slices of a 50,000-message Archive, not after it.
 */
import type { ImapFlow } from 'imapflow';
import type { SyncProgress } from '@shared/domain/types.js';
import { folderCursor, unchanged } from './folder-cursor.js';
import { planFolders, type RoleChoices } from './folder-roles.js';
import { syncFolder, type FolderSyncDeps } from './folder-sync.js';

/** History messages one folder takes per round before the next folder has its turn. */
const HISTORY_PER_ROUND = 2_000;

export interface AccountSyncDeps extends FolderSyncDeps {
  readonly choices: RoleChoices;
  readonly onProgress: (progress: SyncProgress) => void;
}

export async function syncFolders(client: ImapFlow, deps: AccountSyncDeps): Promise<void> {
  const folders = planFolders(await client.list(), deps.choices);
  // Per folder with history in this sync: how far it has come (kept once done, so the total does not shrink).
  const progress = new Map<string, { done: number; total: number; phase: SyncProgress['phase'] }>();
  let historyLeft = true;
  while (historyLeft && !deps.interrupted()) {
    historyLeft = false;
    for (const folder of folders) {
      if (deps.interrupted()) return;
      const known = folderCursor.safeParse(deps.sink.cursor(folder.path));
      if (known.success && folder.role !== 'inbox' && !known.data.history) {
        // A folder IDLE does not watch: STATUS says whether it changed, without opening it.
        const status = await client.status(folder.path, { uidNext: true, messages: true, highestModseq: true, uidValidity: true });
        if (status && status.uidValidity?.toString() === known.data.uidValidity && unchanged(known.data, status)) continue;
      }
      const outcome = await syncFolder(client, folder, deps, HISTORY_PER_ROUND);
      const history = outcome.cursor.history;
      const before = progress.get(folder.path);
      if (history) progress.set(folder.path, { done: history.done, total: Math.max(history.total, history.done), phase: history.phase });
      else if (before) progress.set(folder.path, { ...before, done: before.total });
      historyLeft ||= outcome.historyLeft;
      if (progress.size > 0) deps.onProgress(sumProgress([...progress.values()]));
    }
  }
}

function sumProgress(folders: readonly { done: number; total: number; phase: SyncProgress['phase'] }[]): SyncProgress {
  return {
    phase: folders.some((f) => f.phase === 'resync' && f.done < f.total) ? 'resync' : 'history',
    done: folders.reduce((sum, f) => sum + f.done, 0),
    total: folders.reduce((sum, f) => sum + f.total, 0),
  };
}
