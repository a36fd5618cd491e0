/**
 * One sync of a whole IMAP account: every folder in turn, each caught up and then given a slice
 * of its history, round after round until the history is all in. Rounds keep a long first sync
 * fair: INBOX's new mail is taken between slices of a 50,000-message Archive, not after it.
 */
import type { ImapFlow } from 'imapflow';
import type { SyncProgress } from '@shared/domain/types.js';
import { folderCursor, unchanged } from './folder-cursor.js';
import { planFolders, type RoleChoices } from './folder-roles.js';
import { goneFolders } from './gone-folders.js';
import { windowChanged } from './history-window.js';
import { syncFolder, type FolderProgress, type FolderSyncDeps } from './folder-sync.js';

/** History messages one folder takes per round before the next folder has its turn. */
const HISTORY_PER_ROUND = 2_000;

export interface AccountSyncDeps extends FolderSyncDeps {
  readonly choices: RoleChoices;
  readonly onProgress: (progress: SyncProgress) => void;
}

export async function syncFolders(client: ImapFlow, deps: AccountSyncDeps): Promise<void> {
  const listed = await client.list();
  // A folder gone from the server: its items leave as deletions (their suggestions retire) and its cursor is dropped.
  for (const path of goneFolders(deps.sink.streams(), listed)) deps.sink.dropStream(path);
  const folders = planFolders(listed, deps.choices);
  // Per folder with history in this sync: how far it has come (kept once done, so the total does not shrink).
  const progress = new Map<string, FolderProgress>();
  const folderDeps: AccountSyncDeps = {
    ...deps,
    onHistory: (path, folder) => {
      progress.set(path, folder);
      deps.onProgress(sumProgress([...progress.values()]));
    },
  };
  let historyLeft = true;
  while (historyLeft && !deps.interrupted()) {
    historyLeft = false;
    for (const folder of folders) {
      if (deps.interrupted()) return;
      const stored = folderCursor.safeParse(deps.sink.cursor(folder.path));
      if (stored.success && folder.role !== 'inbox' && !stored.data.history) {
        // A folder IDLE does not watch: STATUS says whether it changed, without opening it.
        const status = await client.status(folder.path, { uidNext: true, messages: true, highestModseq: true, uidValidity: true });
        const same = status && status.uidValidity?.toString() === stored.data.uidValidity && unchanged(stored.data, status);
        if (same && !windowChanged(stored.data, deps.historyDays)) continue;
      }
      // A first sync resumed after a restart counts on from where it was.
      if (stored.success && stored.data.history && !progress.has(folder.path)) {
        const { done, total, phase } = stored.data.history;
        progress.set(folder.path, { done, total, phase });
      }
      const outcome = await syncFolder(client, folder, folderDeps, HISTORY_PER_ROUND);
      historyLeft ||= outcome.historyLeft;
    }
  }
  // INBOX once more, last: it stays selected for IDLE, and what arrived while other folders were
  // open (the server only tells about the selected one) is taken now, not at the next poll.
  const inbox = folders.find((folder) => folder.role === 'inbox');
  if (inbox && folders.length > 1 && !deps.interrupted()) await syncFolder(client, inbox, deps, 0);
}

function sumProgress(folders: readonly FolderProgress[]): SyncProgress {
  return {
    phase: folders.some((f) => f.phase === 'resync' && f.done < f.total) ? 'resync' : 'history',
    done: folders.reduce((sum, f) => sum + f.done, 0),
    total: folders.reduce((sum, f) => sum + f.total, 0),
  };
}
