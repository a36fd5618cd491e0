/**
 * The IMAP write capabilities besides archive and draft, against the real Dovecot: move, label
 * (keywords and \Flagged), mark read and trash. Each is planned from an intent, approved through
 * the gate, executed, undone, and reconciled after a simulated crash (the server did the work,
 * the process died before recording it).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredAccount } from '../../electron/engine/accounts/account-store.js';
import { systemClock } from '../../electron/engine/clock.js';
import { composeEngine, type EngineParts } from '../../electron/engine/compose.js';
import { planImap } from '../../electron/engine/connectors/imap/planner.js';
import { openDatabase } from '../../electron/engine/db/database.js';
import type { StepIntent } from '../../electron/engine/intents/intents.js';
import { engineSchema } from '../../electron/engine/schema.js';
import { MemorySecretStore } from '../../electron/engine/secrets/memory-secret-store.js';
import type { Suggestion } from '../../shared/domain/types.js';
import { accountInput, createImapUser, deliver, question } from '../engine-fixture.js';
import type { ImapUser } from '../fixtures.js';
import { itemsIn } from '../imap-items.js';
import { listMessages, withPeer } from '../servers/imap-peer.js';
import { actors } from '../../electron/engine/gate/facts.js';

interface Bench {
  readonly parts: EngineParts;
  readonly user: ImapUser;
  readonly account: StoredAccount<'imap'>;
  readonly dir: string;
}

let bench: Bench | null = null;
afterEach(() => {
  if (!bench) return;
  bench.parts.scheduler.stop();
  bench.parts.db.close();
  rmSync(bench.dir, { recursive: true, force: true });
  bench = null;
});

/** An engine that does not watch (the test says what it is about), with one real account. */
async function setUp(): Promise<Bench> {
  const dir = mkdtempSync(join(tmpdir(), 'steward-executors-'));
  const parts = composeEngine({ db: openDatabase(join(dir, 'steward.db'), engineSchema()), clock: systemClock, secrets: new MemorySecretStore(), mode: 'host', watch: false });
  const user = await createImapUser();
  const added = await parts.accountService.add(accountInput(user), 'user:cli');
  const account = parts.accounts.get(added.id) as StoredAccount<'imap'>;
  bench = { parts, user, account, dir };
  return bench;
}


/** Plans the intent on the account and proposes it, as a detector's suggestion would be. */
function propose({ parts, account }: Bench, intent: StepIntent): Suggestion {
  const steps = planImap(intent, account);
  if (!steps) throw new Error(`IMAP could not plan ${intent.type}`);
  const outcome = parts.proposer.propose(
    { kind: 'deadline', accountId: account.id, dedupeKey: `test:${Math.random()}`, title: steps[0]?.title ?? '', why: 'test', urgency: 'normal', flags: [], sources: [], items: [], steps },
    actors.detector('test'),
  );
  const suggestion = outcome.suggestionId ? parts.suggestions.get(outcome.suggestionId) : undefined;
  if (!suggestion) throw new Error('nothing was proposed');
  return suggestion;
}

/** As a process that died right after the server did the work would leave it: running, nothing recorded. */
async function crashAfterTheServerDidIt({ parts, dir }: Bench, suggestion: Suggestion): Promise<Suggestion> {
  const db = new Database(join(dir, 'steward.db'));
  try {
    db.prepare(`UPDATE actions SET status = 'running', undo_json = NULL, result = NULL, executed_at = NULL WHERE suggestion_id = ?`).run(suggestion.id);
    db.prepare(`UPDATE suggestions SET status = 'running' WHERE id = ?`).run(suggestion.id);
  } finally {
    db.close();
  }
  parts.runner.recoverInterrupted({ confirm: true });
  await parts.runner.idle(15_000);
  const after = parts.suggestions.get(suggestion.id);
  if (!after) throw new Error('the suggestion is gone');
  return after;
}

const subjects = async (user: ImapUser, mailbox: string) => (await listMessages(user.server, user, mailbox)).map((m) => m.subject).sort();
const flagsOf = async (user: ImapUser, mailbox: string) => (await listMessages(user.server, user, mailbox)).map((m) => m.flags);

describe('IMAP write capabilities against Dovecot', () => {
  it('email.move: moves to the named folder, undoes, and is found done after a crash', async () => {
    const b = await setUp();
    await deliver(b.user, question({ subject: 'Move me' }));
    const suggestion = propose(b, { type: 'mail.move', messages: await itemsIn(b.user, 'INBOX'), toFolder: 'Archive' });
    expect(suggestion.actions[0]).toMatchObject({ capability: 'email.move', risk: 'reversible', title: 'Move 1 message from INBOX to Archive' });

    const done = await b.parts.runner.approve(suggestion.id, suggestion.revision, 'user:cli');
    expect(done.actions[0]?.result).toBe('Moved 1 message from INBOX to Archive');
    expect(await subjects(b.user, 'Archive')).toEqual(['Move me']);

    await b.parts.runner.undo(suggestion.id, 'user:cli');
    expect(await subjects(b.user, 'INBOX')).toEqual(['Move me']);
    expect(await subjects(b.user, 'Archive')).toEqual([]);

    // Again, then the process "dies" before recording it: reconcile finds it done, and undo still works.
    const again = propose(b, { type: 'mail.move', messages: await itemsIn(b.user, 'INBOX'), toFolder: 'Archive' });
    await b.parts.runner.approve(again.id, again.revision, 'user:cli');
    const recovered = await crashAfterTheServerDidIt(b, again);
    expect(recovered.status).toBe('done');
    expect(recovered.actions[0]?.result).toBe('Moved 1 message from INBOX to Archive (confirmed after an interruption)');
    expect(recovered.actions[0]?.canUndo).toBe(true);
    await b.parts.runner.undo(again.id, 'user:cli');
    expect(await subjects(b.user, 'INBOX')).toEqual(['Move me']);
  });

  it('email.move refuses a folder that does not exist, in words, and moves nothing', async () => {
    const b = await setUp();
    await deliver(b.user, question({ subject: 'Stay here' }));
    const suggestion = propose(b, { type: 'mail.move', messages: await itemsIn(b.user, 'INBOX'), toFolder: 'Nowhere' });
    const failed = await b.parts.runner.approve(suggestion.id, undefined, 'user:cli');
    expect(failed.status).toBe('failed');
    expect(failed.actions[0]?.error).toMatch(/^There is no folder "Nowhere" on 127\.0\.0\.1/);
    expect(await subjects(b.user, 'INBOX')).toEqual(['Stay here']);
  });

  it('email.label: sets a keyword and \\Flagged, undo restores exactly what was there, reconcile after a crash', async () => {
    const b = await setUp();
    await deliver(b.user, question({ subject: 'Label me' }));
    // Already flagged before Steward touches it: undo must leave that flag alone.
    await withPeer(b.user.server, b.user, async (client) => {
      await client.mailboxOpen('INBOX');
      await client.messageFlagsAdd('1:*', ['\\Flagged']);
    });
    const intent: StepIntent = { type: 'mail.mark', messages: await itemsIn(b.user, 'INBOX'), add: [{ kind: 'flagged' }, { kind: 'keyword', name: '$Waiting' }], remove: [] };
    const suggestion = propose(b, intent);
    expect(suggestion.actions[0]).toMatchObject({ capability: 'email.label', preview: { kind: 'flags', add: ['\\Flagged', '$Waiting'] } });

    const done = await b.parts.runner.approve(suggestion.id, undefined, 'user:cli');
    expect(done.actions[0]?.result).toBe('1 message in INBOX marked flagged and "$Waiting"');
    expect((await flagsOf(b.user, 'INBOX'))[0]).toEqual(expect.arrayContaining(['$Waiting', '\\Flagged']));

    await b.parts.runner.undo(suggestion.id, 'user:cli');
    expect((await flagsOf(b.user, 'INBOX'))[0]).toEqual(['\\Flagged']);

    const again = propose(b, intent);
    await b.parts.runner.approve(again.id, undefined, 'user:cli');
    const recovered = await crashAfterTheServerDidIt(b, again);
    expect(recovered.actions[0]?.result).toMatch(/\(confirmed after an interruption\)$/);
    await b.parts.runner.undo(again.id, 'user:cli');
    expect((await flagsOf(b.user, 'INBOX'))[0]).toEqual(['\\Flagged']);
  });

  it('email.markRead: marks read, undo marks unread again, reconcile after a crash', async () => {
    const b = await setUp();
    await deliver(b.user, question({ subject: 'Read me' }));
    const intent: StepIntent = { type: 'mail.markRead', messages: await itemsIn(b.user, 'INBOX'), read: true };
    const suggestion = propose(b, intent);
    expect(suggestion.actions[0]?.title).toBe('Mark 1 message in INBOX read');

    await b.parts.runner.approve(suggestion.id, undefined, 'user:cli');
    expect((await flagsOf(b.user, 'INBOX'))[0]).toEqual(['\\Seen']);
    await b.parts.runner.undo(suggestion.id, 'user:cli');
    expect((await flagsOf(b.user, 'INBOX'))[0]).toEqual([]);

    const again = propose(b, intent);
    await b.parts.runner.approve(again.id, undefined, 'user:cli');
    const recovered = await crashAfterTheServerDidIt(b, again);
    expect(recovered.status).toBe('done');
    await b.parts.runner.undo(again.id, 'user:cli');
    expect((await flagsOf(b.user, 'INBOX'))[0]).toEqual([]);
  });

  it('email.trash: destructive, to Trash (never deleted), undone while Trash holds it, not after Trash was emptied', async () => {
    const b = await setUp();
    await deliver(b.user, question({ subject: 'Trash me' }));
    const suggestion = propose(b, { type: 'mail.trash', messages: await itemsIn(b.user, 'INBOX') });
    expect(suggestion.actions[0]).toMatchObject({ capability: 'email.trash', risk: 'destructive', title: 'Move 1 message from INBOX to Trash' });

    await b.parts.runner.approve(suggestion.id, undefined, 'user:cli');
    expect(await subjects(b.user, 'Trash')).toEqual(['Trash me']);
    await b.parts.runner.undo(suggestion.id, 'user:cli');
    expect(await subjects(b.user, 'INBOX')).toEqual(['Trash me']);

    const again = propose(b, { type: 'mail.trash', messages: await itemsIn(b.user, 'INBOX') });
    await b.parts.runner.approve(again.id, undefined, 'user:cli');
    const recovered = await crashAfterTheServerDidIt(b, again);
    expect(recovered.actions[0]?.result).toBe('Moved 1 message from INBOX to Trash (confirmed after an interruption)');

    // The user empties the Trash in another program: undo says honestly that it cannot.
    await withPeer(b.user.server, b.user, async (client) => {
      await client.mailboxOpen('Trash');
      await client.messageDelete('1:*');
    });
    await expect(b.parts.runner.undo(again.id, 'user:cli')).rejects.toThrow(/no longer in Trash \(it was emptied, or they were moved\)/);
  });
});
