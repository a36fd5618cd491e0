/** A granted folder on the agent tests' engine parts, watched by the real FoldersWatcher until it has seen everything. */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { StoredAccount } from '../../electron/engine/accounts/account-store.js';
import { FoldersWatcher } from '../../electron/engine/connectors/folders/folders-watcher.js';
import { createItemSink } from '../../electron/engine/sync/ingest.js';
import type { AgentParts } from './agent-parts.js';

export async function grantAndWatch(parts: AgentParts, path: string, name?: string): Promise<FoldersWatcher> {
  await parts.folders.add({ path, ...(name ? { name } : {}) }, 'user:cli');
  const account = parts.folders.account() as StoredAccount<'folders'>;
  const watcher = new FoldersWatcher({
    account,
    credentials: parts.credentials.forAccount(account),
    sink: createItemSink(parts.ingest, account.id, parts.stores.file as never),
    report: () => undefined,
    now: () => new Date(),
    presence: { current: 'active', onChange: () => () => undefined },
    db: parts.db,
  });
  watcher.start();
  await watcher.settled();
  return watcher;
}

/**
 * A private system Trash for the file's tests (the folders connector reads XDG_DATA_HOME when it
 * trashes), so they never touch the machine's own.
 */
export function usePrivateTrash(): void {
  let home = '';
  beforeAll(() => {
    home = realpathSync(mkdtempSync(join(tmpdir(), 'steward-trash-home-')));
    process.env.XDG_DATA_HOME = join(home, '.local', 'share');
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));
}
