/**
 * One IMAP account watched by the real ImapWatcher against the run's Dovecot, over the engine's
 * real stores (SQLite in memory): for tests of what the sync takes in, without the whole engine.
 */
import type { ImapFlow } from 'imapflow';
import type { AccountConnection } from '../shared/domain/types.js';
import type { ImapSettings } from '../shared/connectors/index.js';
import type { StoredAccount } from '../electron/engine/accounts/account-store.js';
import { ImapWatcher } from '../electron/engine/connectors/imap/imap-watcher.js';
import type { MailItem, NewMailItem } from '../electron/engine/items/mail/mail-item.js';
import { createItemSink, type ItemSink } from '../electron/engine/sync/ingest.js';
import { memoryParts, type MemoryParts } from '../electron/engine/testing/memory-engine-parts.js';
import type { ImapUser } from './fixtures.js';
import { withPeer } from './servers/imap-peer.js';
import { waitUntil } from './wait-until.js';

export interface WatchedAccount {
  readonly parts: MemoryParts;
  readonly account: StoredAccount<'imap'>;
  readonly sink: ItemSink<NewMailItem>;
  /** Every connection state the watcher reported, in order. */
  readonly reports: AccountConnection[];
  watcher: ImapWatcher;
  /** A new watcher over the same stores (as after a restart of Steward, or a change of the account's settings). */
  restart(): Promise<void>;
  /** Every mail item, present or not. */
  items(): MailItem[];
  present(): MailItem[];
  /** Waits for a completed sync reported after the `from`-th report (default: any). */
  synced(from?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface WatchOptions {
  /** Stands between the watcher and the real sink (to fail a commit, as a crash would). */
  readonly wrapSink?: (sink: ItemSink<NewMailItem>) => ItemSink<NewMailItem>;
}

export async function watchAccount(user: ImapUser, settings: Partial<ImapSettings> = {}, password = user.password, options: WatchOptions = {}): Promise<WatchedAccount> {
  const parts = memoryParts();
  const account = parts.accounts.insert<'imap'>({
    kind: 'imap',
    email: user.email,
    displayName: 'Alice',
    settings: { host: user.server.host, port: user.server.port, tls: false, username: user.user, archiveMailbox: null, ...settings },
  });
  const store = parts.stores.mail;
  if (!store) throw new Error('the engine has no mail store');
  const stored = createItemSink<NewMailItem, MailItem>(parts.ingest, account.id, store as never);
  const sink = options.wrapSink?.(stored) ?? stored;
  const reports: AccountConnection[] = [];
  const create = () =>
    new ImapWatcher({
      // Read afresh, as the engine does: settings changed in the store apply from the next start.
      account: (parts.accounts.get(account.id) as StoredAccount<'imap'> | undefined) ?? account,
      credentials: { password: () => Promise.resolve(password), secret: () => Promise.reject(new Error('none')), accessToken: () => Promise.reject(new Error('none')) },
      sink,
      report: (change) => reports.push({ ...(reports.at(-1) ?? { state: 'connecting', lastSyncAt: null, lastError: null, nextRetryAt: null }), ...change }),
      now: () => new Date(),
      presence: { current: 'active', onChange: () => () => undefined },
      db: parts.db,
    });
  const ids = () => (parts.db.prepare(`SELECT id FROM items WHERE account_id = ? AND kind = 'mail'`).all(account.id) as { id: string }[]).map((r) => r.id);
  const watched: WatchedAccount = {
    parts,
    account,
    sink,
    reports,
    watcher: create(),
    async restart() {
      await watched.watcher.stop();
      const from = reports.length;
      watched.watcher = create();
      watched.watcher.start();
      await watched.synced(from);
    },
    items: () => store.getMany(ids()) as MailItem[],
    present: () => (store.getMany(ids()) as MailItem[]).filter((item) => item.present),
    synced: async (from = 0) => {
      await waitUntil('a completed sync', () => reports.slice(from).some((r) => r.state === 'connected' && r.lastSyncAt !== null), 60_000);
    },
    async stop() {
      await watched.watcher.stop();
      parts.scheduler.stop();
      parts.db.close();
    },
  };
  watched.watcher.start();
  return watched;
}

/** Runs `work` on a peer connection of the user's (another mail client). */
export function asPeer<T>(user: ImapUser, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  return withPeer(user.server, user, work);
}
