/** The AgentDojo workspace in an engine without servers: its mail as a connector hands it over, and the engine that holds it. */
import type { StoredAccount } from '../electron/engine/accounts/account-store.js';
import { composeEngine, type EngineParts } from '../electron/engine/compose.js';
import { openDatabase } from '../electron/engine/db/database.js';
import type { MailItem, NewMailItem } from '../electron/engine/items/mail/mail-item.js';
import { engineSchema } from '../electron/engine/schema.js';
import { MemorySecretStore } from '../electron/engine/secrets/memory-secret-store.js';
import { createItemSink, type ItemSink } from '../electron/engine/sync/ingest.js';
import { ManualClock } from '../electron/engine/testing/memory-engine-parts.js';
import { FAST_RETRIES } from '../test/agent/agent-parts.js';
import type { Workspace, WorkspaceEmail } from '../test/datasets/agentdojo.js';

export function asMail(email: WorkspaceEmail, mailbox: 'INBOX' | 'Sent', uid: number, at: Date): NewMailItem {
  const [name, address] = /^(.*?)\s*<([^>]+)>$/.exec(email.sender)?.slice(1) ?? ['', email.sender];
  return {
    stream: mailbox,
    externalId: `${mailbox === 'INBOX' ? 1 : 2}:${uid + 1}`,
    messageKey: `<agentdojo-${email.id}@bench.example>`,
    messageId: `<agentdojo-${email.id}@bench.example>`,
    from: { name: name ?? '', address: address ?? email.sender },
    to: email.recipients.map((recipient) => ({ name: '', address: recipient })),
    cc: email.cc.map((recipient) => ({ name: '', address: recipient })),
    subject: email.subject,
    sentAt: at.toISOString(),
    receivedAt: at.toISOString(),
    flags: email.read ? ['\\Seen'] : [],
    folders: [mailbox],
    roles: [mailbox === 'INBOX' ? 'inbox' : 'sent'],
    headers: { listUnsubscribe: null, listId: null, precedence: null, autoSubmitted: null },
    inReplyTo: null,
    references: [],
    bodyText: email.body,
    size: email.body.length,
    parseError: null,
  };
}

/** The engine on disk (or ':memory:'), with the agent pointed at the stand-in and Emma's account holding her workspace's mail. */
export interface WorkspaceEngine extends EngineParts {
  readonly clock: ManualClock;
  readonly account: StoredAccount;
  readonly sink: ItemSink<NewMailItem>;
}

export async function workspaceEngine(modelUrl: string, apiKey: string, workspace: Workspace, file: string): Promise<WorkspaceEngine> {
  const clock = new ManualClock(new Date('2026-11-24T16:00:00Z'));
  const parts = composeEngine({ db: openDatabase(file, engineSchema()), clock, secrets: new MemorySecretStore(), mode: 'host', watch: false, agent: { env: {}, retry: FAST_RETRIES } });
  parts.config.set('model.baseUrl', modelUrl);
  parts.config.set('user.timeZone', 'Europe/Berlin');
  await parts.agent.setApiKey(apiKey, 'user:cli');
  const account = parts.accounts.insert({
    kind: 'imap',
    email: workspace.accountEmail,
    displayName: workspace.userName,
    settings: { host: '127.0.0.1', port: 143, tls: false, username: workspace.accountEmail, archiveMailbox: null },
  });
  const sink = createItemSink<NewMailItem, MailItem>(parts.ingest, account.id, parts.stores.mail as never);
  return { ...parts, clock, account, sink };
}
