/**
 * `steward rules`, `steward approve --always` and `steward grants set|clear` with their options,
 * as a user types them, against a running `steward host` and the real Dovecot.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rule } from '../../shared/domain/permissions.js';
import type { Grant, LedgerEntry, Suggestion } from '../../shared/domain/types.js';
import { requireBuiltCli, startHost, steward, stewardJson, stopHost } from '../cli-runner.js';
import { createImapUser, deliver, newsletter, tempDataDir } from '../engine-fixture.js';
import type { ImapUser } from '../fixtures.js';
import { waitUntil } from '../wait-until.js';

const json = stewardJson;

describe('steward rules and grants', () => {
  let dataDir = '';
  let host: ChildProcess | null = null;
  let user: ImapUser;

  beforeAll(async () => {
    requireBuiltCli();
    dataDir = tempDataDir();
    user = await createImapUser();
    ({ host } = await startHost(dataDir));
    const added = await steward(
      dataDir,
      ['accounts', 'add', 'imap', '--email', user.email, '--host', user.server.host, '--port', String(user.server.port), '--no-tls', '--user', user.user, '--password-stdin'],
      `${user.password}\n`,
    );
    expect(added.code).toBe(0);
  });

  afterAll(async () => {
    await stopHost(host);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('makes a rule with approve --always, then lists, edits, pauses, resumes and deletes it', async () => {
    const empty = await steward(dataDir, ['rules']);
    expect(empty.stdout).toMatch(/^No rules yet\. Approve a suggestion with `steward approve ID --always`/);

    await deliver(user, newsletter(1));
    const [s] = await waitUntil('a suggestion', async () => {
      const list = await json<Suggestion[]>(dataDir, ['suggestions']);
      return list.length === 1 ? list : undefined;
    });
    const approved = await steward(dataDir, ['approve', s!.id.slice(0, 8), '--always']);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('Made a rule: plans like this run without asking. See `steward rules`.');

    const listed = await steward(dataDir, ['rules', 'list']);
    expect(listed.stdout).toMatch(/ID\s+STATE\s+RAN\s+NAME\s+MATCHES/);
    expect(listed.stdout).toMatch(/active\s+0×\s+Archive messages from news@weekly1\.example/);
    const [rule] = await json<Rule[]>(dataDir, ['rules']);
    const id = rule!.id.slice(0, 8);

    const edited = await steward(dataDir, ['rules', 'edit', id, '--name', 'Weekly 1 to Archive', '--folder', 'any']);
    expect(edited.stdout).toMatch(/^“Weekly 1 to Archive”: Archive messages in .+ when the newsletter detector proposes it, for mail from news@weekly1\.example\./);
    expect((await steward(dataDir, ['rules', 'pause', id])).stdout).toBe('Paused “Weekly 1 to Archive”: what it matched asks again.\n');
    expect((await json<Rule[]>(dataDir, ['rules']))[0]).toMatchObject({ paused: true, match: { folder: null } });
    expect((await steward(dataDir, ['rules', 'resume', id])).stdout).toMatch(/^Resumed “Weekly 1 to Archive”/);

    const tooBroad = await steward(dataDir, ['rules', 'edit', id, '--sender', 'any', '--detector', 'any']);
    expect(tooBroad.code).toBe(2);
    expect(tooBroad.stderr).toMatch(/^steward: A rule must name at least one of/);
    const nothing = await steward(dataDir, ['rules', 'edit', id]);
    expect(nothing.stderr).toMatch(/Nothing to change/);

    expect((await steward(dataDir, ['rules', 'delete', id])).stdout).toBe('Deleted “Weekly 1 to Archive”: what it matched asks again.\n');
    // After the fact: a rule from the suggestion approved earlier.
    const again = await steward(dataDir, ['rules', 'add', s!.id.slice(0, 8), '--name', 'The Weekly']);
    expect(again.stdout).toMatch(/^Made “The Weekly”: Archive messages in .+ when the newsletter detector proposes it, for mail from news@weekly1\.example, in INBOX\. Plans it matches run without asking\.\n$/);
    await steward(dataDir, ['rules', 'delete', (await json<Rule[]>(dataDir, ['rules']))[0]!.id]);
    const kinds = (await json<LedgerEntry[]>(dataDir, ['ledger'])).filter((e) => e.kind.startsWith('rule.')).map((e) => [e.kind, e.actor]);
    expect(kinds).toEqual([
      ['rule.deleted', 'user:cli'],
      ['rule.created', 'user:cli'],
      ['rule.deleted', 'user:cli'],
      ['rule.changed', 'user:cli'],
      ['rule.changed', 'user:cli'],
      ['rule.changed', 'user:cli'],
      ['rule.created', 'user:cli'],
    ]);
  }, 120_000);

  it('sets a scoped grant for one account with an expiry, refuses Trash for everything, and clears it', async () => {
    const set = await steward(dataDir, ['grants', 'set', 'imap', 'email.archive', 'allow', '--account', user.email, '--folder', 'INBOX', '--only-detector', 'newsletters', '--until', '2099-12-09']);
    expect(set.stdout).toBe(`Archive messages in ${user.email} without asking, only for what the newsletter detector flagged, only in INBOX, until 9 Dec 2099\n`);
    const trash = await steward(dataDir, ['grants', 'set', 'imap', 'email.trash', 'allow', '--account', user.email, '--confirm']);
    expect(trash.code).toBe(2);
    expect(trash.stderr).toMatch(/can never be allowed for everything/);
    const listed = await steward(dataDir, ['grants']);
    expect(listed.stdout).toContain(`Archive messages in ${user.email} without asking, only for what the newsletter detector flagged, only in INBOX, until 9 Dec 2099`);
    const cleared = await steward(dataDir, ['grants', 'clear', 'imap', 'email.archive', '--account', user.email]);
    expect(cleared.stdout).toBe('Now: Archive messages in every Mail (IMAP) account: ask every time\n');
    expect((await json<Grant[]>(dataDir, ['grants'])).filter((g) => g.accountId !== null)).toEqual([]);
  }, 120_000);
});
