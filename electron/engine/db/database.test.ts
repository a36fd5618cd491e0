import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.js';
import { openDatabase } from './database.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'steward-db-'));
  dirs.push(dir);
  return join(dir, 'steward.db');
}

describe('openDatabase', () => {
  it('applies every migration once, in order, in WAL mode', () => {
    const file = tempFile();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const again = openDatabase(file);
    expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    again.close();
  });

  it('upgrades a database left at an older version', () => {
    const file = tempFile();
    openDatabase(file, MIGRATIONS.slice(0, 1)).close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    db.prepare(`INSERT INTO accounts (id, kind, email, display_name, settings_json, created_at) VALUES ('a', 'imap', 'A@x.test', '', '{}', 'now')`).run();
    expect(() =>
      db.prepare(`INSERT INTO accounts (id, kind, email, display_name, settings_json, created_at) VALUES ('b', 'imap', 'a@X.test', '', '{}', 'now')`).run(),
    ).toThrow(/UNIQUE/);
    // The same address may hold another kind of account (mail and a calendar at one provider).
    db.prepare(`INSERT INTO accounts (id, kind, email, display_name, settings_json, created_at) VALUES ('c', 'caldav', 'a@x.test', '', '{}', 'now')`).run();
    db.close();
  });

  it('numbers each module apart, and refuses a module written by a newer Steward', () => {
    const file = tempFile();
    const module = { name: 'calendar', migrations: [{ version: 1, name: 'events', sql: 'CREATE TABLE events (id TEXT)' }] };
    openDatabase(file, { core: MIGRATIONS, modules: [module] }).close();
    const db = openDatabase(file, { core: MIGRATIONS, modules: [{ ...module, migrations: [...module.migrations, { version: 2, name: 'more', sql: 'ALTER TABLE events ADD COLUMN x TEXT' }] }] });
    expect(db.prepare(`SELECT version FROM schema_modules WHERE module = 'calendar'`).get()).toEqual({ version: 2 });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    db.close();
    expect(() => openDatabase(file, { core: MIGRATIONS, modules: [module] })).toThrow(/newer Steward \(its calendar tables are at schema 2/);
  });

  it('refuses a data folder written by a newer Steward, with what to do', () => {
    const file = tempFile();
    const db = openDatabase(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer Steward .* Update Steward/);
  });

  it('rolls a failed migration back whole', () => {
    const file = tempFile();
    const broken = [...MIGRATIONS, { version: 100, name: 'broken', sql: 'CREATE TABLE half (x); SELECT nonsense FROM nowhere;' }];
    expect(() => openDatabase(file, broken)).toThrow();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half'`).get()).toBeUndefined();
    db.close();
  });
});
