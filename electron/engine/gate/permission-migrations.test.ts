/**
 * The permissions module's migrations on a data folder from before them: the app grants the
 * user chose are kept (as grants for every account of the app), and rules can be stored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import { MIGRATIONS } from '../db/migrations.js';
import { RuleStore } from '../rules/rule-store.js';
import { engineSchema } from '../schema.js';
import { ManualClock } from '../testing/memory-engine-parts.js';
import { GrantStore } from './grants.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

it('keeps the grants chosen before scopes existed, and stores rules after', () => {
  const dir = mkdtempSync(join(tmpdir(), 'steward-permissions-'));
  dirs.push(dir);
  const file = join(dir, 'steward.db');
  const old = openDatabase(file, MIGRATIONS);
  old.exec(`
    INSERT INTO grants (app, capability, mode, updated_at) VALUES ('imap', 'email.archive', 'allow', '2026-11-01T00:00:00Z');
    INSERT INTO grants (app, capability, mode, updated_at) VALUES ('imap', 'email.send', 'deny', '2026-11-01T00:00:00Z');
    INSERT INTO accounts (id, kind, email, display_name, settings_json, created_at) VALUES ('acc', 'imap', 'alice@example.test', 'Alice', '{}', 'now');
  `);
  old.close();

  const db = openDatabase(file, engineSchema());
  const clock = new ManualClock();
  const grants = new GrantStore(db, clock, () => (rootId) => rootId);
  expect(grants.modeFor('imap', 'email.archive', 'acc')).toBe('allow');
  expect(grants.modeFor('imap', 'email.send')).toBe('deny');
  expect(grants.grant('imap', null, 'email.archive')).toMatchObject({ isDefault: false, accountId: null, scope: { folders: [], calendars: [], pathRoots: [] }, predicates: [], expiresAt: null });
  expect(grants.modeFor('imap', 'email.draft')).toBe('ask');

  const rule = new RuleStore(db, clock).create(
    { accountId: 'acc', capabilities: ['email.archive'], detector: 'newsletters', sender: null, listId: null, folder: 'INBOX', recipientDomain: null },
    null,
  );
  expect(rule).toMatchObject({ name: 'Archive messages the newsletter detector flags', paused: false, uses: 0 });
  grants.put({ app: 'imap', accountId: 'acc', capability: 'email.archive', mode: 'deny' });
  expect(grants.modeFor('imap', 'email.archive', 'acc')).toBe('deny');
  // A removed account takes its rules and its own grants with it; the app's stay.
  db.exec(`DELETE FROM accounts WHERE id = 'acc'`);
  expect(new RuleStore(db, clock).list()).toEqual([]);
  expect(db.prepare(`SELECT count(*) AS n FROM grants WHERE account_id = 'acc'`).get()).toEqual({ n: 0 });
  expect(grants.modeFor('imap', 'email.archive')).toBe('allow');
  db.close();
});
