/**
 * Scope decisions: which granted folder a real path lies in, whether a new folder may be
 * granted, whether a name or a relative path is acceptable, and whether a hard-linked file may
 * be read. Pure: the resolver (scope-resolver.ts) does the realpath and stat calls and asks
 * these. Paths are compared as bytes, so a name that is not valid UTF-8 is still compared exactly.
 */

/** A folder the user granted. */
export interface FolderRoot {
  readonly id: string;
  /** What the user calls it ("Downloads"). */
  readonly name: string;
  /** The path as granted (it may pass through a symbolic link). */
  readonly path: string;
  /** Its real path when it was granted: every later check compares against this. */
  readonly realPath: string;
}

export type Placement =
  | { readonly inside: true; readonly rootId: string; readonly relPath: Buffer }
  | { readonly inside: false };

const SLASH = 0x2f;

/**
 * Where a real (already resolved) path lies among the roots' real paths. `sep` is the
 * platform's separator byte; both sides must come from the same realpath so that case and
 * Unicode normalisation agree.
 */
export function placeRealPath(roots: readonly { readonly id: string; readonly realPath: Buffer }[], real: Buffer, sep = SLASH): Placement {
  for (const root of roots) {
    const rel = relativeInside(root.realPath, real, sep);
    if (rel !== null) return { inside: true, rootId: root.id, relPath: sep === SLASH ? rel : toSlashes(rel, sep) };
  }
  return { inside: false };
}

/** The part of `real` below `root` (empty for the root itself), or null when it is not inside. */
export function relativeInside(root: Buffer, real: Buffer, sep = SLASH): Buffer | null {
  const base = root.length > 1 && root[root.length - 1] === sep ? root.subarray(0, root.length - 1) : root;
  if (real.length === base.length) return real.equals(base) ? Buffer.alloc(0) : null;
  if (real.length < base.length + 2) return null;
  if (!real.subarray(0, base.length).equals(base)) return null;
  // "/home/a/Downloads2" is not inside "/home/a/Downloads": the next byte must be a separator
  // (or the root is the filesystem root, whose path already ends with one).
  if (base.length === 1 && base[0] === sep) return real.subarray(1);
  if (real[base.length] !== sep) return null;
  return real.subarray(base.length + 1);
}

function toSlashes(raw: Buffer, sep: number): Buffer {
  const copy = Buffer.from(raw);
  for (let i = 0; i < copy.length; i++) if (copy[i] === sep) copy[i] = SLASH;
  return copy;
}

/** Why a file name cannot be used for a new or renamed file, or null when it can. */
export function invalidNameReason(name: Buffer): string | null {
  if (name.length === 0) return 'The name is empty.';
  if (name.length > 255) return `The name is ${name.length} bytes long; the most a file name can have is 255.`;
  if (name.includes(0)) return 'The name contains a NUL character, which no file name may hold.';
  if (name.includes(SLASH) || name.includes(0x5c)) return 'A name cannot contain / or \\: give a name, not a path.';
  const text = name.toString('latin1');
  if (text === '.' || text === '..') return `"${text}" is not a name for a file.`;
  return null;
}

/** Why a relative path inside a root is malformed ('..', empty or absolute parts), or null. */
export function invalidRelPathReason(raw: Buffer): string | null {
  if (raw.length === 0) return null;
  if (raw[0] === SLASH) return 'The path must be relative to the granted folder, not absolute.';
  if (raw.includes(0)) return 'The path contains a NUL character.';
  for (const part of splitRaw(raw)) {
    const text = part.toString('latin1');
    if (part.length === 0 || text === '.' || text === '..') return 'The path may not contain empty, "." or ".." parts.';
  }
  return null;
}

export function splitRaw(raw: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= raw.length; i++) {
    if (i === raw.length || raw[i] === SLASH) {
      parts.push(raw.subarray(start, i));
      start = i + 1;
    }
  }
  return parts;
}

export type GrantCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Folders that are never granted: the system's own, where a mistake would be costly. */
const SYSTEM_FOLDERS = ['/', '/bin', '/boot', '/dev', '/etc', '/lib', '/lib64', '/proc', '/run', '/sbin', '/sys', '/usr', '/var', '/System', '/Library', '/private', '/Applications'];

/**
 * May this real folder be granted beside the existing ones? Refuses system folders, folders
 * that hold Steward's own data (its database would change under its own watcher), and folders
 * nested in or around a granted one (one watcher and one index entry per file).
 */
export function checkNewRoot(
  existing: readonly FolderRoot[],
  candidateReal: string,
  /** dataDir: Steward's data folder; null for an engine without one (a temporary database). */
  context: { readonly dataDir: string | null; readonly homeDir: string; readonly isWindows?: boolean },
): GrantCheck {
  const candidate = Buffer.from(candidateReal);
  const sep = context.isWindows ? 0x5c : SLASH;
  const isWindowsSystem = context.isWindows && /^[A-Za-z]:\\(Windows|Program Files( \(x86\))?|ProgramData)?\\?$/i.test(candidateReal);
  if (SYSTEM_FOLDERS.includes(candidateReal) || isWindowsSystem) {
    return { ok: false, reason: `${candidateReal} is a system folder. Grant the folders that hold your own files, such as Documents or Downloads.` };
  }
  const data = context.dataDir === null ? null : Buffer.from(context.dataDir);
  if (data && (relativeInside(candidate, data, sep) !== null || relativeInside(data, candidate, sep) !== null)) {
    return { ok: false, reason: `${candidateReal} holds Steward's own data folder (${context.dataDir}). Grant a folder beside it instead.` };
  }
  if (relativeInside(candidate, Buffer.from(context.homeDir), sep) !== null && candidateReal !== context.homeDir) {
    return { ok: false, reason: `${candidateReal} contains your whole home folder. Grant the folders inside it that you want Steward to look at.` };
  }
  for (const root of existing) {
    const granted = Buffer.from(root.realPath);
    if (granted.equals(candidate)) return { ok: false, reason: `${candidateReal} is already granted as "${root.name}".` };
    if (relativeInside(granted, candidate, sep) !== null) {
      return { ok: false, reason: `${candidateReal} is inside "${root.name}" (${root.realPath}), which Steward already looks at.` };
    }
    if (relativeInside(candidate, granted, sep) !== null) {
      return { ok: false, reason: `${candidateReal} contains "${root.name}" (${root.realPath}). Remove "${root.name}" first if you want to grant the larger folder.` };
    }
  }
  return { ok: true };
}

export type LinkVerdict = { readonly read: true } | { readonly read: false; readonly reason: string };

/**
 * The hard-link policy. A hard link is a second name for the same file, and nothing on the
 * file says where its other names are: one could be outside every granted folder (a link to
 * ~/.ssh/id_rsa planted in Downloads). Renaming, moving and trashing act on one name and never
 * change the content, so writes are safe. Reading is not: Steward reads a file with several
 * names only when the index has seen all of them inside granted folders; otherwise it keeps the
 * file's name, size and dates but not its content.
 */
export function hardLinkVerdict(nlink: number, namesInsideGrantedFolders: number): LinkVerdict {
  if (nlink <= 1 || namesInsideGrantedFolders >= nlink) return { read: true };
  return {
    read: false,
    reason: `This file has ${nlink} names (hard links) and only ${namesInsideGrantedFolders} of them are in your granted folders, so Steward does not read its content.`,
  };
}
