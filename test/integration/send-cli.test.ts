/**
 * Sending from the terminal with the built `steward` command and a real `steward host`: an
 * account with its SMTP side, editing the reply, `approve --send` returning at once with the time
 * it leaves, `undo` recalling it, and a host killed with SIGKILL right after the SMTP server
 * accepted the message: after the restart it is recorded as sent and filed in Sent once, and it
 * was sent once.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Suggestion } from '../../shared/domain/types.js';
import { createImapUser, deliver, question, tempDataDir } from '../engine-fixture.js';
import { smtpServer, type ImapUser } from '../fixtures.js';
import { listMessages } from '../servers/imap-peer.js';
import { readSpool } from '../servers/smtp-sink.js';
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
  if (result.code !== 0) throw new Error(`steward ${args.join(' ')} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** Starts `steward host` on `dataDir` and resolves once it prints its address. */
async function startHost(dataDir: string): Promise<ChildProcess> {
  const host = spawn(process.execPath, [bin, '--data-dir', dataDir, 'host'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  host.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    host.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Steward is running at')) resolve();
    });
    host.once('exit', (code) => reject(new Error(`steward host exited with ${code}: ${stderr}`)));
  });
  return host;
}

async function stopHost(host: ChildProcess | null, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!host || host.exitCode !== null || host.signalCode !== null) return;
  const exited = new Promise((resolve) => host.once('exit', resolve));
  host.kill(signal);
  await exited;
}

/** What the run's sink received for this action. */
async function sentFor(actionId: string): Promise<string[]> {
  return (await readSpool(inject('smtp').spoolDir)).filter((mail) => mail.raw.includes(`X-Steward-Action: ${actionId}`)).map((mail) => mail.text ?? '');
}

async function addSendingAccount(dataDir: string, user: ImapUser): Promise<void> {
  const smtp = smtpServer();
  const added = await steward(
    dataDir,
    ['accounts', 'add', 'imap', '--email', user.email, '--host', user.server.host, '--port', String(user.server.port), '--no-tls', '--name', 'Alice Martin', '--password-stdin'].concat([
      '--smtp-host',
      smtp.host,
      '--smtp-port',
      String(smtp.port),
      '--smtp-no-tls',
    ]),
    `${user.password}\n`,
  );
  expect(added.stderr).toBe('');
  expect(added.stdout).toMatch(new RegExp(`Steward is watching its inbox\\. It sends through ${smtp.host.replace(/\./g, '\\.')}:${smtp.port}\\.\\n$`));
}

async function replySuggestion(dataDir: string): Promise<Suggestion> {
  return waitUntil('the reply suggestion', async () => (await json<Suggestion[]>(dataDir, ['suggestions'])).find((s) => s.kind === 'reply'), 20_000);
}

let host: ChildProcess | null = null;
let dataDir = '';
afterEach(async () => {
  await stopHost(host);
  host = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = '';
});

describe('sending from the steward command', { timeout: 120_000 }, () => {
  it('edits, queues with --send (returning at once with the time it leaves), recalls with undo, then sends', async () => {
    if (!existsSync(built)) throw new Error('The CLI is not built: run `npm run build` first (npm test does).');
    dataDir = tempDataDir();
    const user = await createImapUser();
    host = await startHost(dataDir);
    expect((await steward(dataDir, ['config', 'set', 'mail.undoSendSeconds', '30'])).code).toBe(0);
    await addSendingAccount(dataDir, user);
    await deliver(user, question());
    const reply = await replySuggestion(dataDir);

    const noBody = await steward(dataDir, ['edit', reply.id]);
    expect(noBody.code).toBe(2);
    expect(noBody.stderr).toMatch(/--body-stdin/);
    const body = 'Hi Bob,\n\nSigned and on its way.\n\nAlice\n';
    const edited = await steward(dataDir, ['edit', reply.id.slice(0, 8), '--body-stdin'], body);
    expect(edited.stdout).toMatch(/^Saved revision 2 of "Reply to Bob Chen about Q3 contract"\. Approve it with: steward approve [0-9a-f]{8} --revision 2 \[--send\]\n$/);

    const stale = await steward(dataDir, ['approve', reply.id, '--revision', '1', '--send']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/changed since you saw it \(it is now revision 2\)/);

    const started = Date.now();
    const queued = await steward(dataDir, ['approve', reply.id, '--revision', '2', '--send']);
    expect(queued.code).toBe(0);
    // It returned as soon as the message was queued, not after the 30 s window.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(queued.stdout).toMatch(
      /^Reply to Bob Chen about Q3 contract: queued\n {2}- Send the reply to Bob Chen: leaves at \d\d:\d\d:\d\d \(in \d+ s\) {2}\[recall: steward undo [0-9a-f]{8}\]\n$/,
    );
    expect(Number(/\(in (\d+) s\)/.exec(queued.stdout)?.[1])).toBeLessThanOrEqual(30);
    const listed = await steward(dataDir, ['suggestions']);
    expect(listed.stdout).toMatch(/Send the reply to Bob Chen \(leaves at \d\d:\d\d:\d\d \(in \d+ s\); recall: steward undo/);

    const recalled = await steward(dataDir, ['undo', reply.id]);
    expect(recalled.stdout).toBe('Recalled: Send the reply to Bob Chen. Nothing was sent.\n');
    const twice = await steward(dataDir, ['undo', reply.id]);
    expect(twice.code).toBe(1);

    expect((await steward(dataDir, ['config', 'set', 'mail.undoSendSeconds', '0'])).code).toBe(0);
    const sent = await json<Suggestion>(dataDir, ['approve', reply.id, '--send']);
    const stepId = sent.actions[0]?.id ?? '';
    const done = await waitUntil('the message to leave', async () => {
      const all = await json<Suggestion[]>(dataDir, ['suggestions', '--all']);
      return all.find((s) => s.id === reply.id && s.status === 'done');
    }, 20_000);
    expect(done.actions[0]?.result).toMatch(/^Sent "Re: Q3 contract" to Bob Chen <bob@partner\.example>; a copy is in Sent\.$/);
    const received = await sentFor(stepId);
    expect(received).toHaveLength(1);
    expect(received[0]?.trim()).toBe(body.trim());
    const late = await steward(dataDir, ['undo', reply.id]);
    expect(late.stderr).toMatch(/^steward: Too late to recall: the message was sent at \d\d:\d\d:\d\d\. Mail cannot be unsent/);
  });

  it('a host killed with SIGKILL right after the SMTP server accepted the message: recorded as sent after the restart, sent once, in Sent once', async () => {
    if (!existsSync(built)) throw new Error('The CLI is not built: run `npm run build` first (npm test does).');
    dataDir = tempDataDir();
    const user = await createImapUser();
    host = await startHost(dataDir);
    expect((await steward(dataDir, ['config', 'set', 'mail.undoSendSeconds', '0'])).code).toBe(0);
    await addSendingAccount(dataDir, user);
    await deliver(user, question());
    const reply = await replySuggestion(dataDir);

    const queued = await json<Suggestion>(dataDir, ['approve', reply.id, '--send']);
    const stepId = queued.actions[0]?.id ?? '';
    // The moment the journal says SMTP accepted it, the process dies: before it could file the
    // copy in Sent (it first looks for a copy the server filed, for a few seconds) or record it.
    const db = new Database(join(dataDir, 'steward.db'), { readonly: true, fileMustExist: true });
    try {
      await waitUntil('SMTP to accept the message', () => db.prepare(`SELECT 1 FROM step_journal WHERE action_id = ? AND phase = 'accepted'`).get(stepId) !== undefined, 20_000);
    } finally {
      db.close();
    }
    await stopHost(host, 'SIGKILL');
    expect(await sentFor(stepId)).toHaveLength(1);
    expect((await listMessages(user.server, user, 'Sent')).filter((m) => m.messageId?.includes(stepId))).toHaveLength(0);

    host = await startHost(dataDir);
    const done = await waitUntil('the send to be recorded after the restart', async () => {
      const all = await json<Suggestion[]>(dataDir, ['suggestions', '--all']);
      return all.find((s) => s.id === reply.id && s.status === 'done');
    }, 30_000);
    expect(done.actions[0]?.result).toMatch(/^Sent "Re: Q3 contract" to Bob Chen <bob@partner\.example>; a copy is in Sent\.$/);
    expect(await sentFor(stepId)).toHaveLength(1);
    expect((await listMessages(user.server, user, 'Sent')).filter((m) => m.messageId?.includes(stepId))).toHaveLength(1);
    expect((await steward(dataDir, ['ledger', '--verify'])).code).toBe(0);
  });
});
