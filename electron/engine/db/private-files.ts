/**
 * Everything Steward writes to disk (the database and its journal files, logs, the lock, exports,
 * host.json) holds mail or a way in, so it is readable by the user only: files 0600, folders
 * 0700, whatever the umask and whatever an older Steward or another program left there. A mode
 * passed to open() applies only when the file is created and the umask may narrow it further;
 * an existing file keeps its own. So each is created 0600 and then set to 0600 explicitly.
 *
 * On Windows the mode bits mean little (the profile folder's ACL protects the data); chmod there
 * is harmless.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates `dir` (and missing parents, 0700) and makes `dir` itself 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Creates `file` empty if it is missing, and makes it 0600 either way. */
export function ensurePrivateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  chmodSync(file, PRIVATE_FILE_MODE);
}

/** Makes each of `files` that exists 0600 (SQLite's journal files, which SQLite itself creates). */
export function tightenExisting(files: readonly string[]): void {
  for (const file of files) {
    try {
      chmodSync(file, PRIVATE_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
