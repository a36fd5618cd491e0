/**
 * The system Trash, through the `trash` package (sindresorhus; macOS, Windows, and on Linux
 * the freedesktop.org Trash spec written in JavaScript, so no desktop is needed). That package
 * does not say where a file went; undo needs to know, so `locate` finds it again by the inode
 * it had (moving into the Trash on the same drive keeps the inode) and restore moves it back
 * without replacing anything. Linux and other freedesktop systems: ~/.local/share/Trash (or
 * $XDG_DATA_HOME/Trash) and a drive's own .Trash-UID; macOS: ~/.Trash and a volume's .Trashes
 * (not exercised here: no macOS machine). Windows' Recycle Bin is not located: undo then
 * tells the user to restore from the Recycle Bin.
 */
import { isUtf8 } from 'node:buffer';
import { lstat, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { exists, moveNoReplace } from './no-replace.js';
import { entryTypeOf } from './stamp.js';

export interface TrashedEntry {
  /** Where the file now is, inside the Trash. */
  readonly filesPath: string;
  /** The freedesktop .trashinfo beside it (null on macOS). */
  readonly infoPath: string | null;
}

export interface Identity {
  readonly dev: string;
  readonly ino: string;
}

/** Moves one entry to the Trash and checks it left. Globbing is off: a name like "*.pdf" is that one file. */
export async function moveToTrash(absPath: Buffer): Promise<void> {
  if (!isUtf8(absPath)) {
    throw new Error('Its name is not valid text (UTF-8), which the Trash cannot record; rename it first, then move it to the Trash.');
  }
  const path = absPath.toString('utf8');
  // Loaded when first needed: every `steward` command loads the connectors, few of them trash anything.
  const { default: trash } = await import('trash');
  await trash([path], { glob: false });
  // trash() quietly does nothing when the path is missing: make sure it really went.
  if (await exists(absPath)) throw new Error('The system Trash did not take it.');
}

/** Finds an entry that was moved to the Trash by its identity, or null. */
export async function locateInTrash(originalAbs: string, identity: Identity): Promise<TrashedEntry | null> {
  for (const folder of await trashFolders(originalAbs)) {
    const files = join(folder, 'files');
    let names: string[];
    try {
      names = await readdir(process.platform === 'darwin' ? folder : files);
    } catch {
      continue;
    }
    for (const name of names) {
      const candidate = process.platform === 'darwin' ? join(folder, name) : join(files, name);
      const stats = await lstat(candidate, { bigint: true }).catch(() => null);
      if (!stats || stats.dev.toString() !== identity.dev || stats.ino.toString() !== identity.ino) continue;
      if (process.platform === 'darwin') return { filesPath: candidate, infoPath: null };
      const infoPath = join(folder, 'info', `${name}.trashinfo`);
      const info = await readFile(infoPath, 'utf8').catch(() => '');
      if (trashInfoPath(info) === originalAbs) return { filesPath: candidate, infoPath };
    }
  }
  return null;
}

/**
 * Puts a trashed entry back where it was, if it is still in the Trash with the same identity
 * and nothing has taken its old place. Returns why not, in words, or null when it is back.
 */
export async function restoreFromTrash(entry: TrashedEntry, identity: Identity, originalAbs: Buffer): Promise<string | null> {
  const stats = await lstat(entry.filesPath, { bigint: true }).catch(() => null);
  if (!stats || stats.dev.toString() !== identity.dev || stats.ino.toString() !== identity.ino) {
    return 'It is no longer in the Trash (was the Trash emptied, or the file restored already?).';
  }
  if (await exists(originalAbs)) return 'Something else is at its old place now; Steward does not overwrite it.';
  const folder = await stat(dirname(originalAbs.toString())).catch(() => null);
  if (!folder?.isDirectory()) return `The folder it was in (${dirname(originalAbs.toString())}) is gone.`;
  await moveNoReplace(Buffer.from(entry.filesPath), originalAbs, entryTypeOf(stats));
  if (entry.infoPath) await unlink(entry.infoPath).catch(() => undefined);
  return null;
}

/** The original path recorded in a .trashinfo (percent-decoded), or null. */
export function trashInfoPath(info: string): string | null {
  const line = info.split('\n').find((l) => l.startsWith('Path='));
  if (!line) return null;
  try {
    return decodeURIComponent(line.slice('Path='.length).trim());
  } catch {
    return null;
  }
}

async function trashFolders(originalAbs: string): Promise<string[]> {
  const uid = process.getuid?.() ?? 0;
  const top = await mountTopOf(dirname(originalAbs));
  if (process.platform === 'darwin') return [join(homedir(), '.Trash'), ...(top ? [join(top, '.Trashes', String(uid))] : [])];
  const dataHome = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return [join(dataHome, 'Trash'), ...(top ? [join(top, `.Trash-${uid}`), join(top, '.Trash', String(uid))] : [])];
}

/** The top folder of the drive a folder is on (climb while the device stays the same). */
async function mountTopOf(folder: string): Promise<string | null> {
  let current = folder;
  let dev: bigint;
  try {
    dev = (await stat(current, { bigint: true })).dev;
  } catch {
    return null;
  }
  for (;;) {
    const parent = dirname(current);
    if (parent === current) return current;
    const parentStats = await stat(parent, { bigint: true }).catch(() => null);
    if (!parentStats || parentStats.dev !== dev) return current;
    current = parent;
  }
}
