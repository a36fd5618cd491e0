/**
 * Standing permissions against the real Dovecot: a rule made with "Always do this" runs the next
 * plan it matches without asking (and names itself in the ledger), a paused rule asks again,
 * and a grant scoped to a folder and a detector covers only what it names.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineApi } from '../../shared/api/contract.js';
import type { Suggestion } from '../../shared/domain/types.js';
import { accountInput, createImapUser, deliver, errorOf, newsletter, startTestEngine, type EngineHarness } from '../engine-fixture.js';
import { listMessages } from '../servers/imap-peer.js';
import { waitUntil } from '../wait-until.js';

let harness: EngineHarness | null = null;
afterEach(async () => {
  await harness?.dispose();
  harness = null;
});

async function pending(api: EngineApi, count: number): Promise<Suggestion[]> {
  return waitUntil(`${count} open suggestion(s)`, async () => {
    const list = (await api.listSuggestions()).filter((s) => s.status === 'pending');
    return list.length === count ? list : undefined;
  });
}

describe('rules from approvals, against a real IMAP server', () => {
  it('runs the next matching suggestion unasked, names the rule in the ledger, and asks again once paused', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    const api = harness.engine.apiFor('ui');
    const account = await api.addAccount(accountInput(user));
    const weekly = (n: number) => newsletter(1, { subject: `This week in tools, issue ${n}`, messageId: `<weekly-issue-${n}-${Math.random().toString(36).slice(2)}@weekly.example>` });

    await deliver(user, weekly(1));
    const [first] = await pending(api, 1);
    await api.approveSuggestion({ id: first!.id, always: true });

    const [rule] = await api.listRules();
    expect(rule).toMatchObject({
      paused: false,
      name: 'Archive messages from news@weekly1.example',
      createdFrom: first!.id,
      match: { accountId: account.id, capabilities: ['email.archive'], detector: 'newsletters', sender: 'news@weekly1.example', folder: 'INBOX' },
    });
    const created = (await api.listLedger({ kind: 'rule.created' }))[0];
    expect(created?.actor).toBe('user:ui');
    expect(created?.summary).toMatch(/^You made a rule: Archive messages in .+ when the newsletter detector proposes it, for mail from news@weekly1\.example, in INBOX\. Plans it matches run without asking\./);

    // The next issue from the same sender: archived without anyone asking.
    await deliver(user, weekly(2));
    await waitUntil('the second issue to be archived by the rule', async () => (await listMessages(user.server, user, 'Archive')).length === 2);
    const second = await waitUntil('the rule’s plan to finish', async () => (await api.listSuggestions({ include: 'all' })).find((s) => s.id !== first!.id && s.status === 'done'));
    const entries = await api.listLedger({ limit: 50 });
    const approvedBySomeone = entries.filter((e) => e.kind === 'suggestion.approved' && e.suggestionId === second.id);
    expect(approvedBySomeone).toEqual([]);
    const proposed = entries.find((e) => e.kind === 'gate.allowed' && e.suggestionId === second.id && e.detail.stage === 'propose');
    expect(proposed?.summary).toContain(`Your rule “${rule!.name}” runs it without asking.`);
    const executed = entries.find((e) => e.kind === 'action.executed' && e.suggestionId === second.id);
    expect(executed?.actor).toBe(`rule:${rule!.id}`);
    expect(executed?.summary).toContain(`(under your rule “${rule!.name}”)`);
    expect((await api.listRules())[0]).toMatchObject({ uses: 1 });

    // Paused, it asks again: the third issue waits for a yes.
    const paused = await api.updateRule({ id: rule!.id.slice(0, 8), paused: true });
    expect(paused.paused).toBe(true);
    expect((await api.listLedger({ kind: 'rule.changed' }))[0]?.summary).toBe(`You paused the rule “${rule!.name}”: plans it matched ask again.`);
    await deliver(user, weekly(3));
    const [third] = await pending(api, 1);
    expect(third!.actions[0]?.decision).toBe('ask');
    expect((await listMessages(user.server, user, 'Archive')).length).toBe(2);
    // "Always" after the fact needs an approval first.
    const notYet = await errorOf(api.createRule({ suggestionId: third!.id }));
    expect(notYet).toMatchObject({ code: 'conflict', message: expect.stringMatching(/has not been approved: approve it first, then choose Always do this/) as string });

    // Deleted, it is gone from the list and the ledger says so.
    await api.deleteRule({ id: rule!.id });
    expect(await api.listRules()).toEqual([]);
    expect((await api.listLedger({ kind: 'rule.deleted' }))[0]?.summary).toBe(`You deleted the rule “Archive messages from news@weekly1.example” (${rule!.words}): plans it matched ask again.`);
  });

  it('makes a rule with "always", and never lets one be edited down to the capability alone', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    const api = harness.engine.apiFor('ui');
    await api.addAccount(accountInput(user));
    await deliver(user, newsletter(1));
    const [s] = await pending(api, 1);
    const missing = await errorOf(api.updateRule({ id: 'nope', sender: null }));
    expect(missing).toMatchObject({ code: 'not_found', message: 'No rule with id "nope". See `steward rules`.' });
    const before = await api.approveSuggestion({ id: s!.id, always: true });
    const [rule] = await api.listRules();
    const refused = await errorOf(api.updateRule({ id: rule!.id, detector: null, sender: null, folder: null, listId: null }));
    expect(refused.code).toBe('invalid_input');
    expect(refused.message).toMatch(/must name at least one of/);
    expect(before.status).toBe('done');
  });
});

describe('scoped grants, against a real IMAP server', () => {
  it('allows only inside its folder and detector, asks outside, and records each change in words', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    const api = harness.engine.apiFor('ui');
    const account = await api.addAccount(accountInput(user));
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString();

    // An Allow for a folder the newsletter is not in: it asks, and says why.
    const elsewhere = await api.setGrant({ app: 'imap', accountId: account.id, capability: 'email.archive', mode: 'allow', scope: { folders: ['Newsletters'] } });
    expect(elsewhere.words).toBe(`Archive messages in ${user.email} without asking, only in Newsletters`);
    await deliver(user, newsletter(1));
    const [asked] = await pending(api, 1);
    expect(asked!.actions[0]?.decision).toBe('ask');
    const askedEntry = (await api.listLedger({ kind: 'gate.asked' })).find((e) => e.suggestionId === asked!.id);
    expect(askedEntry?.summary).toContain('your Allow does not cover it: it acts in INBOX, outside Newsletters');

    // Narrowed to the inbox and the newsletter detector, until next week: the plan runs unasked.
    const grant = await api.setGrant({
      app: 'imap',
      accountId: account.id,
      capability: 'email.archive',
      mode: 'allow',
      scope: { folders: ['INBOX'] },
      predicates: [{ kind: 'detector', detector: 'newsletters' }],
      expiresAt: until,
    });
    expect(grant.words).toMatch(new RegExp(`^Archive messages in ${user.email.replace(/[.]/g, '\\.')} without asking, only for what the newsletter detector flagged, only in INBOX, until \\d+ \\w+`));
    const change = (await api.listLedger({ kind: 'grant.changed' }))[0];
    expect(change?.summary).toBe(`You allowed ${grant.words} (was: ${elsewhere.words}).`);
    expect(change?.accountId).toBe(account.id);

    await deliver(user, newsletter(2));
    await waitUntil('both newsletters archived under the grant', async () => (await listMessages(user.server, user, 'Archive')).length === 2);
    const executed = (await api.listLedger({ kind: 'action.executed' }))[0];
    expect(executed?.actor).toBe('engine (allowed by your permissions)');

    // The app's own grant is untouched: other accounts still ask.
    const appGrant = (await api.listGrants()).find((g) => g.app === 'imap' && g.capability === 'email.archive' && g.accountId === null);
    expect(appGrant).toMatchObject({ mode: 'ask', isDefault: true });
  });

  it('never allows a destructive capability for everything, and needs the second confirmation', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    const api = harness.engine.apiFor('cli');
    const account = await api.addAccount(accountInput(user));

    const everything = await errorOf(api.setGrant({ app: 'imap', accountId: account.id, capability: 'email.trash', mode: 'allow', confirm: true }));
    expect(everything).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/can never be allowed for everything/) as string });
    const unconfirmed = await errorOf(api.setGrant({ app: 'imap', accountId: account.id, capability: 'email.trash', mode: 'allow', scope: { folders: ['INBOX'] } }));
    expect(unconfirmed).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/second confirmation \(in the CLI: --confirm\)/) as string });
    const appWide = await errorOf(api.setGrant({ app: 'imap', capability: 'email.trash', mode: 'allow' }));
    expect(appWide.code).toBe('invalid_input');

    const ok = await api.setGrant({ app: 'imap', accountId: account.id, capability: 'email.trash', mode: 'allow', scope: { folders: ['INBOX'] }, predicates: [{ kind: 'detector', detector: 'newsletters' }], confirm: true });
    expect(ok).toMatchObject({ mode: 'allow', accountId: account.id, scope: { folders: ['INBOX'] } });
    expect((await api.listLedger({ kind: 'grant.changed' }))[0]).toMatchObject({ actor: 'user:cli', summary: `You allowed ${ok.words}.` });

    // Clearing it brings the app's grant (the default: ask) back, in words.
    await api.clearGrant({ app: 'imap', capability: 'email.trash', accountId: account.id });
    expect((await api.listLedger({ kind: 'grant.changed' }))[0]?.summary).toBe(`You removed the grant “${ok.words}”: Move to Trash in every Mail (IMAP) account: ask every time applies there again.`);
    expect((await api.listGrants()).some((g) => g.accountId === account.id)).toBe(false);
  });
});
