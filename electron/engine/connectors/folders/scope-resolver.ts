/**
 * The one place that turns (granted folder, relative path) into a real path on disk, and the
 * one way the folders connector opens a file's content. Every call resolves real paths anew
 * (symbolic links, "..", a granted folder replaced by a link since) and asks scopes.ts whether
 * the result is inside a granted folder. Reads are checked twice: before opening, and on the
 * open file itself, so a path swapped between the check and the open is caught.
 */
import { constants, type BigIntStats } from 'node:fs';
import { lstat, open, realpath, stat, type FileHandle } from 'node:fs/promises';
import { sep } from 'node:path';
import { ApiError } from '@shared/api/errors.js';
import { displayOfRaw } from '../../items/file/path-key.js';
import { hardLinkVerdict, invalidNameReason, invalidRelPathReason, placeRealPath, splitRaw, type FolderRoot } from './scopes.js';

const SEP = sep.charCodeAt(0);

/** A refusal to touch a path outside the granted folders, or one that cannot be checked. */
export class ScopeError extends ApiError {
  constructor(message: string) {
    super('denied', message);
    this.name = 'ScopeError';
  }
}

/** A hard-linked file whose other names may be outside the granted folders (see hardLinkVerdict). */
export class LinkedOutsideError extends ScopeError {
  constructor(message: string) {
    super(message);
    this.name = 'LinkedOutsideError';
  }
}

export interface ResolvedEntry {
  readonly rootId: string;
  /** Relative to the root's real path, '/'-separated. */
  readonly relPath: Buffer;
  /** The real path of the entry's folder joined with its own name (the entry itself is not followed). */
  readonly absPath: Buffer;
  readonly stats: BigIntStats;
}

export interface OpenedFile {
  readonly rootId: string;
  readonly relPath: Buffer;
  readonly handle: FileHandle;
  readonly stats: BigIntStats;
}

/** How many names of an inode the index has seen inside granted folders (the hard-link policy). */
export type LinkNameCounter = (dev: string, ino: string) => number;

export class ScopeResolver {
  private roots: readonly FolderRoot[];

  constructor(
    roots: readonly FolderRoot[],
    private readonly linkNames: LinkNameCounter = () => 1,
  ) {
    this.roots = roots;
  }

  setRoots(roots: readonly FolderRoot[]): void {
    this.roots = roots;
  }

  root(rootId: string): FolderRoot {
    const root = this.roots.find((r) => r.id === rootId);
    if (!root) throw new ScopeError(`No granted folder has the id ${rootId}. See the list in Settings → Folders (or \`steward folders list\`).`);
    return root;
  }

  /**
   * A granted folder's real path, after checking that its granted path still leads there. A
   * folder renamed, unmounted, or replaced by a link to somewhere else is refused, not followed.
   */
  async rootReal(rootId: string): Promise<Buffer> {
    const root = this.root(rootId);
    let now: Buffer;
    try {
      now = await realpath(root.path, { encoding: 'buffer' });
    } catch (error) {
      throw new ScopeError(`The granted folder "${root.name}" (${root.path}) cannot be reached: ${describeFsError(error)}`);
    }
    if (!now.equals(Buffer.from(root.realPath))) {
      throw new ScopeError(
        `The granted folder "${root.name}" (${root.path}) now leads to ${displayOfRaw(now)} instead of ${root.realPath}. Steward will not read or write there until you grant it again.`,
      );
    }
    return now;
  }

  /** Where an absolute path (typed by a user, or given by the agent) lies, after following every link. */
  async place(absPath: string | Buffer): Promise<{ readonly rootId: string; readonly relPath: Buffer }> {
    let real: Buffer;
    try {
      real = await realpath(absPath, { encoding: 'buffer' });
    } catch (error) {
      throw new ScopeError(`${displayOf(absPath)} cannot be reached: ${describeFsError(error)}`);
    }
    return this.placeReal(real, displayOf(absPath));
  }

  /**
   * An existing entry for writing (rename, move, trash): its folder is resolved through every
   * link and must be inside a granted folder; the entry itself is not followed, so a symbolic
   * link is moved or trashed as a link and its target is never touched.
   */
  async entry(rootId: string, relPath: Buffer): Promise<ResolvedEntry> {
    const reason = invalidRelPathReason(relPath);
    if (reason) throw new ScopeError(`${displayOfRaw(relPath)}: ${reason}`);
    if (relPath.length === 0) throw new ScopeError(`Steward does not move or trash a granted folder itself ("${this.root(rootId).name}").`);
    const parts = splitRaw(relPath);
    const name = parts.pop() ?? Buffer.alloc(0);
    const folder = await this.folder(rootId, parts);
    const absPath = joinOs(folder.absPath, name);
    let stats: BigIntStats;
    try {
      stats = await lstat(absPath, { bigint: true });
    } catch (error) {
      throw new ScopeError(`${displayOfRaw(relPath)} in "${this.root(rootId).name}" cannot be reached: ${describeFsError(error)}`);
    }
    return { rootId: folder.rootId, relPath: joinRel(folder.relPath, name), absPath, stats };
  }

  /** A folder, resolved through links, that must exist and be inside a granted folder. */
  async folder(rootId: string, parts: readonly Buffer[]): Promise<ResolvedEntry> {
    const rootReal = await this.rootReal(rootId);
    const raw = Buffer.concat(parts.flatMap((part, i) => (i === 0 ? [part] : [Buffer.from('/'), part])));
    const reason = invalidRelPathReason(raw);
    if (reason) throw new ScopeError(reason);
    const target = raw.length === 0 ? rootReal : joinOs(rootReal, toOsSeparators(raw));
    let real: Buffer;
    let stats: BigIntStats;
    try {
      real = await realpath(target, { encoding: 'buffer' });
      stats = await stat(real, { bigint: true });
    } catch (error) {
      throw new ScopeError(`The folder ${displayOfRaw(raw)} in "${this.root(rootId).name}" cannot be reached: ${describeFsError(error)}`);
    }
    if (!stats.isDirectory()) throw new ScopeError(`${displayOfRaw(raw)} in "${this.root(rootId).name}" is not a folder.`);
    const placed = this.placeReal(real, displayOfRaw(raw));
    return { rootId: placed.rootId, relPath: placed.relPath, absPath: real, stats };
  }

  /** Where a new entry named `name` would go in a folder; refuses a bad name. Existence is the caller's (atomic) check. */
  async newEntry(rootId: string, folderRel: Buffer, name: Buffer): Promise<{ readonly rootId: string; readonly relPath: Buffer; readonly absPath: Buffer }> {
    const reason = invalidNameReason(name);
    if (reason) throw new ScopeError(`"${displayOfRaw(name)}": ${reason}`);
    const folder = await this.folder(rootId, folderRel.length === 0 ? [] : splitRaw(folderRel));
    return { rootId: folder.rootId, relPath: joinRel(folder.relPath, name), absPath: joinOs(folder.absPath, name) };
  }

  /**
   * Opens a file's content for reading. Links are followed to the real file, which must be in
   * a granted folder; then the opened file is checked to be that same file (device and inode),
   * still in a granted folder, a regular file, and not a hard link with names outside.
   */
  async openForRead(rootId: string, relPath: Buffer): Promise<OpenedFile> {
    const reason = invalidRelPathReason(relPath);
    if (reason) throw new ScopeError(reason);
    const rootReal = await this.rootReal(rootId);
    const target = relPath.length === 0 ? rootReal : joinOs(rootReal, toOsSeparators(relPath));
    const shown = `${displayOfRaw(relPath)} in "${this.root(rootId).name}"`;
    let real: Buffer;
    try {
      real = await realpath(target, { encoding: 'buffer' });
    } catch (error) {
      throw new ScopeError(`${shown} cannot be read: ${describeFsError(error)}`);
    }
    const placed = this.placeReal(real, displayOfRaw(relPath));
    // O_NONBLOCK: a FIFO named like a document must not hang the reader; O_NOFOLLOW: the real path has no link left.
    const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0)).catch((error: unknown) => {
      throw new ScopeError(`${shown} cannot be read: ${describeFsError(error)}`);
    });
    try {
      const stats = await handle.stat({ bigint: true });
      if (!stats.isFile()) throw new ScopeError(`${shown} is not a regular file.`);
      const again = await realpath(real, { encoding: 'buffer' });
      const onDisk = await stat(again, { bigint: true });
      if (onDisk.dev !== stats.dev || onDisk.ino !== stats.ino) throw new ScopeError(`${shown} changed while Steward opened it; try again.`);
      this.placeReal(again, displayOfRaw(relPath));
      const nlink = Number(stats.nlink);
      const links = hardLinkVerdict(nlink, nlink > 1 ? this.linkNames(stats.dev.toString(), stats.ino.toString()) : 1);
      if (!links.read) throw new LinkedOutsideError(`${shown}: ${links.reason}`);
      return { rootId: placed.rootId, relPath: placed.relPath, handle, stats };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  private placeReal(real: Buffer, shown: string): { readonly rootId: string; readonly relPath: Buffer } {
    const placement = placeRealPath(
      this.roots.map((root) => ({ id: root.id, realPath: Buffer.from(root.realPath) })),
      real,
      SEP,
    );
    if (!placement.inside) {
      throw new ScopeError(`${shown} leads to ${displayOfRaw(real)}, which is outside the folders you granted, so Steward will not touch it.`);
    }
    return { rootId: placement.rootId, relPath: placement.relPath };
  }
}

export function joinOs(folder: Buffer, relative: Buffer): Buffer {
  if (relative.length === 0) return folder;
  const endsWithSep = folder[folder.length - 1] === SEP;
  return Buffer.concat(endsWithSep ? [folder, relative] : [folder, Buffer.from(sep), relative]);
}

function joinRel(folder: Buffer, name: Buffer): Buffer {
  return folder.length === 0 ? Buffer.from(name) : Buffer.concat([folder, Buffer.from('/'), name]);
}

function toOsSeparators(rel: Buffer): Buffer {
  if (SEP === 0x2f) return rel;
  const copy = Buffer.from(rel);
  for (let i = 0; i < copy.length; i++) if (copy[i] === 0x2f) copy[i] = SEP;
  return copy;
}

function displayOf(path: string | Buffer): string {
  return typeof path === 'string' ? path : displayOfRaw(path);
}

/** Node's fs errors in words. */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'it does not exist (any more).';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied. Check the folder’s permissions if you want Steward to see it.';
    case 'ENAMETOOLONG':
      return 'its path is longer than the system allows.';
    case 'ELOOP':
      return 'it is a loop of symbolic links.';
    case 'ENOTDIR':
      return 'a part of its path is not a folder.';
    case 'EIO':
      return 'the disk reported an input/output error (is the drive still connected?).';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
