/**
 * A real engine on a temporary data folder, with the real OS keychain (the run's private
 * gnome-keyring) and, through createImapUser, the run's real Dovecot.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiError } from '../shared/api/errors.js';
import type { ImapAccountInput } from '../shared/connectors/index.js';
import { startEngine, type Engine, type EngineOptions } from '../electron/engine/index.js';
import { createImapUser, type ImapUser } from './fixtures.js';
import { buildMail, appendMail, type MailSpec } from './servers/imap-peer.js';

export interface EngineHarness {
  readonly dataDir: string;
  engine: Engine;
  restart(options?: Partial<EngineOptions>): Engine;
  dispose(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'steward-test-'));
}

export function startTestEngine(options: Partial<EngineOptions> = {}): EngineHarness {
  const dataDir = options.dataDir ?? tempDataDir();
  const harness: EngineHarness = {
    dataDir,
    engine: startEngine({ dataDir, mode: 'host', ...options }),
    restart(more = {}) {
      harness.engine = startEngine({ dataDir, mode: 'host', ...options, ...more });
      return harness.engine;
    },
    async dispose() {
      await harness.engine.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

export function accountInput(user: ImapUser, more: Partial<ImapAccountInput> = {}): ImapAccountInput {
  return {
    kind: 'imap',
    email: user.email,
    displayName: 'Alice Martin',
    host: user.server.host,
    port: user.server.port,
    tls: false,
    username: user.user,
    password: user.password,
    ...more,
  };
}

export async function deliver(user: ImapUser, spec: Omit<MailSpec, 'to'> & { to?: MailSpec['to'] }, mailbox = 'INBOX'): Promise<number> {
  return appendMail(user.server, user, mailbox, await buildMail({ to: user.email, ...spec }));
}

export function newsletter(n: number, extra: Partial<MailSpec> = {}): Omit<MailSpec, 'to'> {
  return {
    from: `"The Weekly ${n}" <news@weekly${n}.example>`,
    subject: `This week in tools, issue ${n}`,
    text: 'Ten tools you should try. Unsubscribe at any time.',
    headers: { 'List-Unsubscribe': `<https://weekly${n}.example/unsubscribe>`, Precedence: 'bulk' },
    messageId: `<weekly-${n}-${Math.random().toString(36).slice(2)}@weekly.example>`,
    ...extra,
  };
}

export function question(extra: Partial<MailSpec> = {}): Omit<MailSpec, 'to'> {
  return {
    from: '"Bob Chen" <bob@partner.example>',
    subject: 'Q3 contract',
    text: 'Hi Alice,\n\nCan you send me the signed contract by Friday?\n\nThanks,\nBob',
    messageId: `<q-${Math.random().toString(36).slice(2)}@partner.example>`,
    ...extra,
  };
}

/**
 * Leaves a stopped engine's data as a process that died mid-run would: the suggestion still
 * running, its steps changed by `stepSet` (an SQL SET clause, e.g. "status = 'running'").
 */
export function leaveRunAsCrashed(dataDir: string, suggestionId: string, stepSet: string): void {
  const db = new Database(join(dataDir, 'steward.db'));
  try {
    db.prepare(`UPDATE actions SET ${stepSet} WHERE suggestion_id = ?`).run(suggestionId);
    db.prepare(`UPDATE suggestions SET status = 'running' WHERE id = ?`).run(suggestionId);
  } finally {
    db.close();
  }
}

/**
 * Leaves a stopped engine's data as a process that died in the middle of an undo would: the
 * action still done, with its undo noted as started (the start-up check then asks the server).
 */
export function leaveUndoAsCutShort(dataDir: string, actionId: string): void {
  const db = new Database(join(dataDir, 'steward.db'));
  try {
    db.prepare(`UPDATE actions SET undo_started_at = ? WHERE id = ? AND status = 'done'`).run(new Date().toISOString(), actionId);
  } finally {
    db.close();
  }
}

/** Whether an action's undo is still noted as started and not yet checked (see leaveUndoAsCutShort). */
export function undoStillUnchecked(dataDir: string, actionId: string): boolean {
  const db = new Database(join(dataDir, 'steward.db'), { readonly: true });
  try {
    return (db.prepare('SELECT undo_started_at FROM actions WHERE id = ?').get(actionId) as { undo_started_at: string | null } | undefined)?.undo_started_at != null;
  } finally {
    db.close();
  }
}

/** The ApiError a call failed with; fails the test when the call succeeds. */
export async function errorOf(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected the call to fail');
}

export { createImapUser };
