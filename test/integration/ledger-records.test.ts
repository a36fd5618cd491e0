/**
 * The ledger keeps the record of what was done for an account after the account is removed,
 * against the real Dovecot: the executed archive stays in the ledger, findable by its app, and
 * the chain still verifies.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { accountInput, createImapUser, deliver, newsletter, startTestEngine, type EngineHarness } from '../engine-fixture.js';
import { waitUntil } from '../wait-until.js';

let harness: EngineHarness | null = null;
afterEach(async () => {
  await harness?.dispose();
  harness = null;
});

describe('removing an account', () => {
  it('keeps the ledger record of what was executed for it', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    const api = harness.engine.apiFor('ui');
    const account = await api.addAccount(accountInput(user));
    await deliver(user, newsletter(1));
    const archive = await waitUntil('the archive suggestion', async () => (await api.listSuggestions())[0]);
    const done = await api.approveSuggestion({ id: archive.id });
    expect(done.status).toBe('done');
    const actionId = done.actions[0]?.id;

    await api.removeAccount({ id: account.id });
    const kept = await api.listLedger({ limit: 50, app: 'imap' });
    expect(kept.find((e) => e.kind === 'action.executed')).toMatchObject({ actionId, accountId: account.id, summary: 'Moved 1 message from INBOX to Archive' });
    expect(kept[0]).toMatchObject({ kind: 'account.removed', detail: { email: user.email, app: 'imap' } });
    expect(await api.verifyLedger()).toMatchObject({ ok: true });
  });
});
