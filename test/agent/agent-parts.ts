// The engine as composeEngine builds it, in memory, with the agent pointed at the Messages API
// stand-in: for tests of the agent's pipeline that need no mail server (the end-to-end test
// uses the whole engine against Dovecot).
import type { EngineBrokerDeps } from '../../electron/engine/agent/broker/engine-broker.js';
import { createReadToolProviders } from '../../electron/engine/agent/broker/read-tools.js';
import { createWritePlanners } from '../../electron/engine/agent/broker/write-plans.js';
import { MailQueries } from '../../electron/engine/agent/mail/mail-queries.js';
import type { RetryPolicy } from '../../electron/engine/agent/retry-policy.js';
import { planProposal } from '../../electron/engine/suggestions/planner.js';
import { composeEngine, type EngineParts } from '../../electron/engine/compose.js';
import { openDatabase } from '../../electron/engine/db/database.js';
import type { MailItem, NewMailItem } from '../../electron/engine/items/mail/mail-item.js';
import { engineSchema } from '../../electron/engine/schema.js';
import { MemorySecretStore } from '../../electron/engine/secrets/memory-secret-store.js';
import { createItemSink, type ItemSink } from '../../electron/engine/sync/ingest.js';
import { ManualClock } from '../../electron/engine/testing/memory-engine-parts.js';
import type { StoredAccount } from '../../electron/engine/accounts/account-store.js';

export const FAST_RETRIES: RetryPolicy = { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20, maxRetryAfterMs: 60_000 };

export interface AgentParts extends EngineParts {
  readonly clock: ManualClock;
  readonly account: StoredAccount;
  readonly sink: ItemSink<NewMailItem>;
  /** Stores messages as a sync would, and runs the detectors over them. */
  deliver(...messages: NewMailItem[]): void;
}

export async function agentParts(options: { readonly baseUrl: string; readonly apiKey: string | null; readonly now?: Date }): Promise<AgentParts> {
  const clock = new ManualClock(options.now ?? new Date('2026-11-25T09:00:00Z'));
  const parts = composeEngine({
    db: openDatabase(':memory:', engineSchema()),
    clock,
    secrets: new MemorySecretStore(),
    mode: 'host',
    watch: false,
    agent: { env: {}, retry: FAST_RETRIES },
  });
  parts.config.set('model.baseUrl', options.baseUrl);
  parts.config.set('user.timeZone', 'Europe/Berlin');
  // Quiet hours would hold notifications, which these tests do not look at; keep them simple.
  parts.config.set('interruptions.quietHours', null);
  if (options.apiKey) await parts.agent.setApiKey(options.apiKey, 'user:cli');
  const account = parts.accounts.insert({
    kind: 'imap',
    email: 'alice@example.test',
    displayName: 'Alice Martin',
    settings: { host: '127.0.0.1', port: 143, tls: false, username: 'alice@example.test', archiveMailbox: null },
  });
  const sink = createItemSink<NewMailItem, MailItem>(parts.ingest, account.id, parts.stores.mail as never);
  let uid = 0;
  return {
    ...parts,
    clock,
    account,
    sink,
    deliver(...messages) {
      uid += messages.length;
      sink.commit({ stream: 'INBOX', cursor: { uidValidity: '1', lastUid: uid }, items: messages });
      parts.scheduler.processPending();
    },
  };
}

let counter = 0;

/** A message as a mail connector hands it over. */
export function message(over: Partial<NewMailItem> & { readonly at: Date }): NewMailItem {
  counter += 1;
  const { at, ...rest } = over;
  return {
    stream: 'INBOX',
    externalId: `1:${counter}`,
    messageKey: `<m${counter}@partner.example>`,
    messageId: `<m${counter}@partner.example>`,
    from: { name: 'Bob Chen', address: 'bob@partner.example' },
    to: [{ name: 'Alice Martin', address: 'alice@example.test' }],
    cc: [],
    subject: 'Q3 contract',
    sentAt: at.toISOString(),
    receivedAt: at.toISOString(),
    flags: [],
    folders: ['INBOX'],
    roles: ['inbox'],
    headers: { listUnsubscribe: null, listId: null, precedence: null, autoSubmitted: null },
    inReplyTo: null,
    references: [],
    bodyText: 'Hi Alice,\n\nCan you send me the signed contract by Friday?\n\nThanks,\nBob',
    size: 400,
    parseError: null,
    attachments: [],
    ...rest,
  };
}

/** Alice's answer to a message, as it sits in her Sent folder. */
export function sentAnswer(to: Pick<NewMailItem, 'messageId'>, over: Partial<NewMailItem> & { readonly at: Date }): NewMailItem {
  return message({
    stream: 'Sent',
    folders: ['Sent'],
    roles: ['sent'],
    from: { name: 'Alice Martin', address: 'alice@example.test' },
    to: [{ name: 'Bob Chen', address: 'bob@partner.example' }],
    subject: 'Re: Q3 contract',
    inReplyTo: to.messageId,
    references: [to.messageId ?? ''],
    ...over,
  });
}

/** What the agent service gives a run's broker, from the engine's parts (no calendar). */
export function brokerDeps(parts: EngineParts): EngineBrokerDeps {
  const mail = new MailQueries(parts.db, parts.stores.mail as unknown as { getMany(ids: readonly string[]): MailItem[] });
  return {
    accounts: parts.accounts,
    gate: parts.gate,
    grants: parts.grants,
    ledger: parts.ledger,
    readTools: createReadToolProviders({ mail, db: parts.db, now: () => parts.clock.now(), calendar: null }),
    writePlanners: createWritePlanners({ mail, db: parts.db, now: () => parts.clock.now() }),
    plan: planProposal,
  };
}
