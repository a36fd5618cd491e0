/**
 * `steward rules`, `steward approve --always` and `steward grants set|clear` with their options,
 * as a user types them, against a running `steward host` and the real Dovecot.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rule } from '../../shared/domain/permissions.js';
import type { Grant, LedgerEntry, Suggestion } from '../../shared/domain/types.js';
import { createImapUser, deliver, newsletter, tempDataDir } from '../engine-fixture.js';
import type { ImapUser } from '../fixtures.js';
import { waitUntil } from '../wait-until.js';

const bin = fileURLToPath(new URL('../../bin/steward.js', import.meta.url));
const built = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url));

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function steward(dataDir: string, args: readonly string[], stdin?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '--data-dir', dataDir, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

async function json<T>(dataDir: string, args: readonly string[]): Promise<T> {
  const result = await steward(dataDir, [...args, '--json']);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as T;
}

describe('steward rules and grants', () => {
  let dataDir = '';
  let host: ChildProcess | null = null;
  let user: ImapUser;

  beforeAll(async () => {
    if (!existsSync(built)) throw new Error('The CLI is not built: run `npm run build` first (npm test does).');
    dataDir = tempDataDir();
    user = await createImapUser();
    host = spawn(process.execPath, [bin, '--data-dir', dataDir, 'host'], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      host?.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('Steward is running at')) resolve();
      });
      host?.on('exit', (code) => reject(new Error(`steward host exited with ${code}`)));
    });
    const added = await steward(
      dataDir,
      ['accounts', 'add', 'imap', '--email', user.email, '--host', user.server.host, '--port', String(user.server.port), '--no-tls', '--user', user.user, '--password-stdin'],
      `${user.password}\n`,
    );
    expect(added.code).toBe(0);
  });

  afterAll(async () => {
    if (host && host.exitCode === null) {
      host.kill('SIGTERM');
      await new Promise((resolve) => host?.once('exit', resolve));
    }
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
    const kinds = (await json<LedgerEntry[]>(dataDir, ['ledger'])).filter((e) => e.kind.startsWith('rule.')).map((e) => [e.kind, e.actor]);
    expect(kinds).toEqual([
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
