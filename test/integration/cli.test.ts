/**
 * The whole path with nothing but the `steward` command (the built binary, as a user runs it):
 * host, add an account, see suggestions, approve, undo, dismiss, pause, verify the ledger.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Suggestion } from '../../shared/domain/types.js';
import { requireBuiltCli, startHost, steward, stewardJson, stopHost } from '../cli-runner.js';
import { createImapUser, deliver, newsletter, question, tempDataDir } from '../engine-fixture.js';
import type { ImapUser } from '../fixtures.js';
import { listMessages, withPeer } from '../servers/imap-peer.js';
import { waitUntil } from '../wait-until.js';

const json = stewardJson;

describe('the steward command', () => {
  let dataDir = '';
  let host: ChildProcess | null = null;
  let user: ImapUser;

  beforeAll(async () => {
    requireBuiltCli();
    dataDir = tempDataDir();
    user = await createImapUser();
    const started = await startHost(dataDir);
    host = started.host;
    const line = started.line;
    expect(line).toMatch(/^Steward is running at http:\/\/127\.0\.0\.1:\d+\/#token=\S+$/);
  });

  afterAll(async () => {
    await stopHost(host);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('does the whole path without the UI', async () => {
    const wrong = await steward(dataDir, ['accounts', 'add', 'imap', '--email', user.email, '--host', user.server.host, '--port', String(user.server.port), '--no-tls', '--password-stdin'], 'wrong');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^steward: IMAP login failed for .*Check the user name and the password/);

    const added = await steward(
      dataDir,
      ['accounts', 'add', 'imap', '--email', user.email, '--host', user.server.host, '--port', String(user.server.port), '--no-tls', '--user', user.user, '--name', 'Alice Martin', '--password-stdin'],
      `${user.password}\n`,
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^Added user-.* Steward is watching its inbox\.\n$/);
    const accounts = await json<{ id: string; email: string }[]>(dataDir, ['accounts', 'list']);
    expect(accounts).toEqual([expect.objectContaining({ id: expect.any(String) as string, email: user.email })]);

    await deliver(user, newsletter(1));
    await deliver(user, question());
    const suggestions = await waitUntil('two suggestions', async () => {
      const list = await json<Suggestion[]>(dataDir, ['suggestions']);
      return list.length === 2 ? list : undefined;
    });
    for (const s of suggestions) expect(s.id).toEqual(expect.any(String));
    const archive = suggestions.find((s) => s.kind === 'newsletters')!;
    const reply = suggestions.find((s) => s.kind === 'reply')!;

    const human = await steward(dataDir, ['suggestions']);
    expect(human.stdout).toContain('Archive 1 newsletter');
    expect(human.stdout).toContain('Reply to Bob Chen about Q3 contract');

    const approved = await steward(dataDir, ['approve', archive.id.slice(0, 8)]);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(/Archive 1 newsletter: done\n {2}- Moved 1 message from INBOX to Archive {2}\[undo: steward undo [0-9a-f]{8}\]/);
    expect(await listMessages(user.server, user, 'Archive')).toHaveLength(1);

    const undone = await steward(dataDir, ['undo', archive.id]);
    expect(undone.stdout).toBe('Undone: Moved 1 message from INBOX to Archive\n');
    expect(await listMessages(user.server, user, 'Archive')).toHaveLength(0);
    expect(await listMessages(user.server, user, 'INBOX')).toHaveLength(2);

    const again = await steward(dataDir, ['undo', archive.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('steward: That was already undone.\n');

    expect((await steward(dataDir, ['dismiss', reply.id])).stdout).toBe('Dismissed: Reply to Bob Chen about Q3 contract\n');
    expect(await json<Suggestion[]>(dataDir, ['suggestions'])).toEqual([]);

    const unknown = await steward(dataDir, ['approve', 'feedface']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^steward: Nothing with id "feedface"/);

    const activity = await json<{ id: string; status: string }[]>(dataDir, ['activity']);
    expect(activity.map((a) => a.status)).toEqual(['undone']);

    const verify = await steward(dataDir, ['ledger', '--verify']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^Ledger verified: \d+ entries, chain intact\.\nAnchor: entry \d+ matches the end kept outside the database/);
    const ledger = await json<{ id: string; kind: string; actor: string }[]>(dataDir, ['ledger']);
    expect(ledger.every((e) => typeof e.id === 'string')).toBe(true);
    expect(ledger.filter((e) => e.actor === 'user:cli').map((e) => e.kind)).toEqual(
      expect.arrayContaining(['account.added', 'suggestion.approved', 'action.undone', 'suggestion.dismissed']),
    );
  });

  it('pauses and resumes the running host, and remembers the pause', async () => {
    expect((await steward(dataDir, ['pause', '--reason', 'lunch'])).stdout).toBe('Paused: Steward will not act until you run `steward resume`.\n');
    expect(await json<{ paused: boolean; pausedBy: string }>(dataDir, ['status'])).toMatchObject({ paused: true, pausedBy: 'user:cli', pausedReason: 'lunch' });
    expect((await steward(dataDir, ['status'])).stdout).toMatch(/^PAUSED: Steward will not act \(since .*, by user:cli: lunch\)/);
    await deliver(user, newsletter(2));
    const [pending] = await waitUntil('a suggestion while paused', async () => {
      const list = await json<Suggestion[]>(dataDir, ['suggestions']);
      return list.length > 0 ? list : undefined;
    });
    const refused = await steward(dataDir, ['approve', pending!.id]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Steward is paused/);
    expect((await steward(dataDir, ['resume'])).stdout).toBe('Resumed.\n');
  });

  it('lists the folders with their roles, and takes a folder for a role the server does not mark', async () => {
    const [account] = await json<{ id: string }[]>(dataDir, ['accounts', 'list']);
    await withPeer(user.server, user, (client) => client.mailboxCreate('Quarantaine'));
    const listed = await steward(dataDir, ['accounts', 'folders', account!.id.slice(0, 8)]);
    expect(listed.stdout).toMatch(/^FOLDER\s+ROLE\s+WHY\n/);
    expect(listed.stdout).toMatch(/\nSent\s+Sent\s+marked by the server\n/);
    expect(listed.stdout).toMatch(/\nQuarantaine\s+-\s*\n/);
    expect(listed.stdout).toContain('No Junk folder found: name one with steward accounts set ID --junk-folder NAME.');

    const set = await steward(dataDir, ['accounts', 'set', account!.id.slice(0, 8), '--junk-folder', 'Quarantaine', '--history-days', '30']);
    expect(set.stdout).toBe(`Updated ${user.email}. Steward is reading its folders again.\n`);
    const folders = await json<{ path: string; role: string | null; source: string | null }[]>(dataDir, ['accounts', 'folders', account!.id]);
    expect(folders.find((f) => f.path === 'Quarantaine')).toEqual({ path: 'Quarantaine', role: 'junk', source: 'chosen' });

    const negative = await steward(dataDir, ['accounts', 'set', account!.id, '--history-days', '-3']);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain('"-3" is not a number of days');
    const nothing = await steward(dataDir, ['accounts', 'set', account!.id]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('Nothing to change');
  });

  it('works on the stored state when no Steward is running, and finds a tampered ledger', async () => {
    host?.kill('SIGTERM');
    await new Promise((resolve) => host?.once('exit', resolve));
    expect(existsSync(`${dataDir}/host.json`)).toBe(false);

    const status = await steward(dataDir, ['status']);
    expect(status.stdout).toContain('Not running (showing what is stored)');
    expect((await steward(dataDir, ['ledger', '--verify'])).code).toBe(0);
    // The host kept the ledger's end in the keychain as it wrote; the command checks against it.
    expect(await json(dataDir, ['ledger', '--verify'])).toMatchObject({ ok: true, anchor: { state: 'matches' } });

    const Database = (await import('better-sqlite3')).default;
    const db = new Database(`${dataDir}/steward.db`);
    db.exec('DROP TRIGGER ledger_no_update');
    db.prepare(`UPDATE ledger SET summary = 'nothing to see' WHERE seq = 3`).run();
    db.close();
    const broken = await steward(dataDir, ['ledger', '--verify']);
    expect(broken.code).toBe(3);
    expect(broken.stdout).toMatch(/^Ledger BROKEN at entry 3: entry 3 was changed after it was written \(its hash does not match its content\)\nAnchor: /);
    const brokenJson = await json<{ ok: boolean; firstBad: { seq: number } }>(dataDir, ['ledger', '--verify']);
    expect(brokenJson).toMatchObject({ ok: false, firstBad: { seq: 3 } });
  });
});
