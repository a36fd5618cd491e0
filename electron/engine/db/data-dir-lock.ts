/**
 * One engine per data folder. Two engines on one database would both recover "interrupted"
 * actions, run the same plan twice, or lose each other's undo data, so the engine holds an
 * exclusive lock while it runs.
 *
 * The lock is one the operating system releases when the process dies, however it dies (SIGKILL,
 * TerminateProcess, a power cut): an exclusive SQLite lock on a small database of its own,
 * `engine.lock` (an fcntl lock on Unix, LockFileEx on Windows). A pid written in a file would
 * not do: after a kill the pid may belong to another process (in a container the engine is pid 1
 * on every start), and "some process has this pid" is not "Steward is running".
 *
 * The file itself is never deleted: a process waiting on the old file while a third created a
 * new one would let two engines in.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '@shared/api/errors.js';
import { ENGINE_RUN_FILES } from '@shared/shell/protocol.js';
import { ensurePrivateFile } from './private-files.js';

export interface DataDirLock {
  release(): void;
}

export function lockFile(dataDir: string): string {
  return join(dataDir, ENGINE_RUN_FILES.lock);
}

export function lockDataDir(dataDir: string): DataDirLock {
  try {
    return takeLock(dataDir);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'SQLITE_NOTADB') throw error;
    // An older Steward's lock: a text file with a pid, which locks nothing. Replace it.
    rmSync(lockFile(dataDir), { force: true });
    return takeLock(dataDir);
  }
}

function takeLock(dataDir: string): DataDirLock {
  const file = lockFile(dataDir);
  const db = openLockDb(file);
  try {
    // No journal on disk: the table below is rewritten on each start and worth no recovery.
    db.pragma('journal_mode = MEMORY');
    // With locking_mode=EXCLUSIVE, SQLite keeps the lock of the first write until the
    // connection closes: the process holds it as long as it lives, and no longer.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS owner (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, since TEXT NOT NULL)');
    db.prepare('INSERT INTO owner (id, pid, since) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, since = excluded.since').run(
      process.pid,
      new Date().toISOString(),
    );
  } catch (error) {
    db.close();
    if (isBusy(error)) {
      throw new ApiError(
        'conflict',
        `Another Steward is using ${dataDir}. Use that one (the desktop app, or \`steward host\`), or stop it first ` +
          '(`steward pause --hard` stops one that does not answer). Its lock goes with its process, so there is no file to delete.',
      );
    }
    throw error;
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    db.close();
  };
  process.once('exit', release);
  return {
    release() {
      process.off('exit', release);
      release();
    },
  };
}

/**
 * Whether a live process holds the data folder's lock, without taking it: a read needs a shared
 * lock, which the holder's exclusive lock refuses. A lock left by a dead process is no lock.
 */
export function isDataDirLocked(dataDir: string): boolean {
  let db: Database.Database;
  try {
    db = new Database(lockFile(dataDir), { fileMustExist: true, readonly: true, timeout: 0 });
  } catch {
    return false;
  }
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return false;
  } catch (error) {
    if (isBusy(error)) return true;
    // An older Steward's pid file is no lock at all.
    if ((error as { code?: unknown }).code === 'SQLITE_NOTADB') return false;
    throw error;
  } finally {
    db.close();
  }
}

function openLockDb(file: string): Database.Database {
  ensurePrivateFile(file);
  // No waiting: a second engine is told at once rather than after a timeout.
  // Never WAL here: WAL's shared memory would let readers in past the lock.
  return new Database(file, { timeout: 0 });
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
