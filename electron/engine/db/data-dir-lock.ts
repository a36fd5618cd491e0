/**
 * One engine per data folder. Two engines on one database would both recover "interrupted"
 * actions, run the same plan twice, or lose each other's undo data, so the engine holds an
 * exclusive lock file while it runs. A lock left by a process that died is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '@shared/api/errors.js';
import { isProcessAlive } from '../process-alive.js';

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dataDir: string): DataDirLock {
  const file = join(dataDir, 'engine.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => {
        if (ownerOf(file) === process.pid) rmSync(file, { force: true });
      };
      process.once('exit', release);
      return {
        release() {
          process.off('exit', release);
          release();
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = ownerOf(file);
      if (owner !== null && isProcessAlive(owner)) {
        throw new ApiError(
          'conflict',
          `Another Steward (process ${owner}) is using ${dataDir}. Use that one (the desktop app, or \`steward host\`), or stop it first. ` +
            `If no Steward is running, delete ${file}.`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new ApiError('conflict', `Could not lock ${dataDir}: another Steward is starting at the same moment. Try again.`);
}

function ownerOf(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
