/**
 * The IMAP writer and executors refuse every write without the gate's ticket for exactly that
 * write, against the real Dovecot: no ticket, a ticket for another capability, a ticket for
 * other arguments, and a ticket already used. Each case checks the mailbox is untouched, so
 * removing a check from imap-writer.ts (or the binding from an executor) fails here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import type { StoredAccount } from '../../electron/engine/accounts/account-store.js';
import { SqliteStepJournal } from '../../electron/engine/actions/step-journal.js';
import { systemClock } from '../../electron/engine/clock.js';
import { composeEngine, type EngineParts } from '../../electron/engine/compose.js';
import { appendMessage, changeFlags, moveMessages } from '../../electron/engine/connectors/imap/imap-writer.js';
import { planImap } from '../../electron/engine/connectors/imap/planner.js';
import { executorFor } from '../../electron/engine/connectors/registry.js';
import type { ExecutionContext } from '../../electron/engine/connectors/types.js';
import { openDatabase } from '../../electron/engine/db/database.js';
import { actors } from '../../electron/engine/gate/facts.js';
import { bindTicket, retireTicket, type BoundTicket, type GatedStep, type Ticket } from '../../electron/engine/gate/gate.js';
import { engineSchema } from '../../electron/engine/schema.js';
import { MemorySecretStore } from '../../electron/engine/secrets/memory-secret-store.js';
import type { CapabilityId } from '../../shared/domain/capabilities.js';
import { accountInput, createImapUser, deliver, question } from '../engine-fixture.js';
import type { ImapUser } from '../fixtures.js';
import { itemsIn } from '../imap-items.js';
import { createPeerClient, listMessages } from '../servers/imap-peer.js';

let parts: EngineParts | null = null;
let client: ImapFlow | null = null;
afterEach(async () => {
  await client?.logout().catch(() => undefined);
  client = null;
  parts?.db.close();
  parts = null;
});

const user = actors.user('test');

async function setUp(): Promise<{ parts: EngineParts; mailUser: ImapUser; account: StoredAccount<'imap'>; client: ImapFlow }> {
  parts = composeEngine({ db: openDatabase(':memory:', engineSchema()), clock: systemClock, secrets: new MemorySecretStore(), mode: 'host', watch: false });
  const mailUser = await createImapUser();
  await deliver(mailUser, question({ subject: 'Keep me where I am' }));
  const added = await parts.accountService.add(accountInput(mailUser), 'user:cli');
  const account = parts.accounts.get(added.id) as StoredAccount<'imap'>;
  client = createPeerClient(mailUser.server, mailUser);
  await client.connect();
  return { parts, mailUser, account, client };
}

function gated(capability: CapabilityId, accountId: string, args: unknown, actionId = `a-${Math.random()}`): GatedStep {
  return { actionId, suggestionId: 's-1', capability, app: 'imap', accountId, title: `test ${capability}`, args };
}

/** A ticket as an executor holds it once bound (the writer is called directly here). */
function boundTicket(p: EngineParts, capability: CapabilityId, accountId: string): BoundTicket {
  return bindTicket(p.gate.authorize(gated(capability, accountId, null), user, user), null, 'execute');
}

const mailboxes = async (mailUser: ImapUser) => ({
  inbox: (await listMessages(mailUser.server, mailUser, 'INBOX')).map((m) => [m.subject, m.flags.includes('\\Flagged')]),
  archive: (await listMessages(mailUser.server, mailUser, 'Archive')).length,
  drafts: (await listMessages(mailUser.server, mailUser, 'Drafts')).length,
});

describe('the IMAP writer', () => {
  it('writes nothing without a bound ticket from the gate, for another capability, or with a ticket already used', async () => {
    const { parts: p, mailUser, account, client: c } = await setUp();
    const before = await mailboxes(mailUser);
    const target = { client: c, accountId: account.id };
    await c.mailboxOpen('INBOX');
    const uids = [1];
    const raw = Buffer.from('Subject: planted\r\n\r\nhello\r\n');

    const forged = { actionId: 'x', capability: 'email.archive', accountId: account.id, purpose: 'execute', argsHash: '', signal: new AbortController().signal } as unknown as BoundTicket;
    // A real ticket the gate issued, but never bound to its arguments by an executor.
    const unbound = p.gate.authorize(gated('email.archive', account.id, null), user, user) as BoundTicket;
    for (const ticket of [forged, unbound]) {
      await expect(moveMessages(ticket, 'email.archive', target, uids, 'Archive')).rejects.toThrow(/no ticket from the gate/);
      await expect(appendMessage(ticket, 'email.draft', target, 'Drafts', raw, [])).rejects.toThrow(/no ticket from the gate/);
      await expect(changeFlags(ticket, 'email.label', target, uids, { add: ['\\Flagged'], remove: [] })).rejects.toThrow(/no ticket from the gate/);
    }

    const forLabel = boundTicket(p, 'email.label', account.id);
    await expect(moveMessages(forLabel, 'email.trash', target, uids, 'Trash')).rejects.toThrow(/ticket is for email.label/);
    await expect(appendMessage(forLabel, 'email.draft', target, 'Drafts', raw, [])).rejects.toThrow(/ticket is for email.label/);
    await expect(changeFlags(boundTicket(p, 'email.label', 'another-account'), 'email.label', target, uids, { add: ['\\Flagged'], remove: [] })).rejects.toThrow(/another account/);

    const used = boundTicket(p, 'email.archive', account.id);
    retireTicket(used);
    await expect(moveMessages(used, 'email.archive', target, uids, 'Archive')).rejects.toThrow(/already used/);

    expect(await mailboxes(mailUser)).toEqual(before);
    // The control: the same write with a live ticket does happen.
    await changeFlags(boundTicket(p, 'email.label', account.id), 'email.label', target, uids, { add: ['\\Flagged'], remove: [] });
    expect((await mailboxes(mailUser)).inbox).toEqual([['Keep me where I am', true]]);
  });
});

describe('the IMAP executors', () => {
  it('refuse a ticket for other arguments, and run a ticket once', async () => {
    const { parts: p, mailUser, account } = await setUp();
    const before = await mailboxes(mailUser);
    const [item] = await itemsIn(mailUser, 'INBOX', { accountId: account.id, roles: ['inbox'] });
    if (!item) throw new Error('no mail');
    const [step] = planImap({ type: 'mail.archive', messages: [item] }, account) ?? [];
    if (!step) throw new Error('no step');
    const executor = executorFor('imap', 'email.archive');
    if (!executor) throw new Error('no executor');
    const context: ExecutionContext = { account, credentials: p.credentials.forAccount(account), journal: new SqliteStepJournal(p.db, systemClock) };

    // Approved for one set of arguments, run with another (a plan changed after approval).
    const other = { ...(step.args as object), mailbox: 'Sent' };
    const ticket: Ticket = p.gate.authorize(gated('email.archive', account.id, other), user, user);
    await expect(executor.execute(ticket, step.args, context)).rejects.toThrow(/not the arguments the ticket authorised/);
    // An undo ticket is not a ticket to run the step.
    await expect(executor.execute(p.gate.authorizeUndo(gated('email.archive', account.id, step.args), user), step.args, context)).rejects.toThrow(/a ticket to undo cannot be used to execute/);
    expect(await mailboxes(mailUser)).toEqual(before);

    const right = p.gate.authorize(gated('email.archive', account.id, step.args), user, user);
    await executor.execute(right, step.args, context);
    expect((await mailboxes(mailUser)).archive).toBe(1);
    await expect(executor.execute(right, step.args, context)).rejects.toThrow(/already used/);
  });
});
