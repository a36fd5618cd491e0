/**
 * Everything Steward writes is readable by the user only: files 0600, folders 0700, whatever the
 * umask, and also in a data folder an older Steward (or a careless copy) left readable by all.
 */
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine } from '../../electron/engine/index.js';
import { writeHostInfo } from '../../electron/host/host-file.js';
import { tempDataDir } from '../engine-fixture.js';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);
const dirs: string[] = [];
let umask: number | null = null;
afterEach(() => {
  if (umask !== null) process.umask(umask);
  umask = null;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A data folder as an older Steward left it under umask 022: everything readable by all. */
function worldReadableDataDir(): string {
  const root = tempDataDir();
  dirs.push(root);
  const dataDir = join(root, 'Steward');
  mkdirSync(dataDir, { mode: 0o755 });
  chmodSync(dataDir, 0o755);
  const old = new Database(join(dataDir, 'steward.db'));
  old.pragma('journal_mode = WAL');
  old.exec('CREATE TABLE leftover (x)');
  // Left open on purpose while the files are widened: a crashed writer leaves its WAL behind.
  for (const name of ['steward.db', 'steward.db-wal', 'steward.db-shm']) chmodSync(join(dataDir, name), 0o644);
  old.close();
  writeFileSync(join(dataDir, 'host.json'), '{}', { mode: 0o644 });
  chmodSync(join(dataDir, 'host.json'), 0o644);
  return dataDir;
}

// Skipped on Windows only: it has no POSIX mode bits (0600/0700); files there are private through
// the user's profile ACLs. On Linux and macOS, where these tests run, they always run.
describe.skipIf(process.platform === 'win32')('files readable by the user only', () => {
  it('an existing world-readable data folder: the database, its WAL and shm, the lock and the folder become private', async () => {
    umask = process.umask(0o022);
    const dataDir = worldReadableDataDir();
    const engine = startEngine({ dataDir, mode: 'cli', watch: false });
    try {
      await engine.apiFor('cli').pause({ reason: 'a write, so the WAL exists' });
      expect(modeOf(dataDir)).toBe('700');
      for (const name of ['steward.db', 'steward.db-wal', 'steward.db-shm', 'engine.lock']) {
        expect(existsSync(join(dataDir, name)), name).toBe(true);
        expect(modeOf(join(dataDir, name)), name).toBe('600');
      }
    } finally {
      await engine.stop();
    }
  });

  it('a new data folder under a permissive umask (000): still 0700 and 0600', async () => {
    umask = process.umask(0o000);
    const root = tempDataDir();
    dirs.push(root);
    const dataDir = join(root, 'fresh');
    const engine = startEngine({ dataDir, mode: 'cli', watch: false });
    try {
      await engine.apiFor('cli').pause({ reason: 'a write' });
      expect(modeOf(dataDir)).toBe('700');
      for (const name of ['steward.db', 'steward.db-wal', 'steward.db-shm', 'engine.lock']) expect(modeOf(join(dataDir, name)), name).toBe('600');
    } finally {
      await engine.stop();
    }
  });

  it('host.json is private, also when an old file was readable by all', () => {
    umask = process.umask(0o000);
    const dataDir = worldReadableDataDir();
    writeHostInfo(dataDir, { pid: process.pid, url: 'http://127.0.0.1:1/', token: 't', mode: 'host', startedAt: '' });
    expect(modeOf(join(dataDir, 'host.json'))).toBe('600');

  });
});
