/**
 * Is a granted folder still there, and still the folder that was granted? The probe gathers
 * the facts (stat, realpath, a look in the parent folder for where it went); classifyRoot
 * decides, purely, and says it in words.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FolderRoot } from './scopes.js';

/** What was true of the folder when Steward started watching it. */
export interface RootIdentity {
  readonly dev: string;
  readonly ino: string;
  /** The device of the folder holding it: differs from `dev` when the folder is a mount point. */
  readonly parentDev: string;
}

export type RootProbe =
  | { readonly exists: false; readonly code: string; readonly parentDev: string | null; readonly renamedTo: string | null }
  | { readonly exists: true; readonly isDir: boolean; readonly realPath: string; readonly dev: string; readonly ino: string; readonly parentDev: string | null };

export type RootHealth =
  /** Here and the same folder. */
  | { readonly state: 'ok' }
  /** Here at the same real path, but a different folder (deleted and created again): watch it, after a full rescan. */
  | { readonly state: 'recreated'; readonly message: string }
  | { readonly state: 'missing' | 'moved' | 'unmounted' | 'elsewhere' | 'unreadable' | 'not-a-folder'; readonly message: string };

export function classifyRoot(root: FolderRoot, identity: RootIdentity, probe: RootProbe): RootHealth {
  const name = `"${root.name}" (${root.path})`;
  if (!probe.exists) {
    if (probe.code === 'EACCES' || probe.code === 'EPERM') {
      return { state: 'unreadable', message: `Steward may no longer open ${name}: permission denied. Give your user read access again to keep it watched.` };
    }
    if (probe.renamedTo) {
      return {
        state: 'moved',
        message: `${name} was renamed to ${probe.renamedTo}. Steward stopped watching it; grant the new location in Settings → Folders if you want it watched.`,
      };
    }
    if (identity.dev !== identity.parentDev) {
      return { state: 'unmounted', message: `${name} is no longer mounted (was the drive removed or ejected?). Steward watches it again when it is back.` };
    }
    return { state: 'missing', message: `${name} was deleted or moved away. Steward stopped watching it and watches it again if it comes back.` };
  }
  if (probe.realPath !== root.realPath) {
    return {
      state: 'elsewhere',
      message: `${name} now leads to ${probe.realPath} instead of ${root.realPath}. Steward will not look there until you grant that folder.`,
    };
  }
  if (!probe.isDir) return { state: 'not-a-folder', message: `${name} is no longer a folder. Steward stopped watching it.` };
  if (identity.dev !== identity.parentDev && probe.dev === probe.parentDev) {
    // The mount point's own (empty) folder shows through: the drive is gone.
    return { state: 'unmounted', message: `${name} is no longer mounted (was the drive removed or ejected?). Steward watches it again when it is back.` };
  }
  if (probe.dev !== identity.dev || probe.ino !== identity.ino) {
    return { state: 'recreated', message: `${name} was replaced by a new folder of the same name; Steward looks through it again.` };
  }
  return { state: 'ok' };
}

export async function probeRoot(root: FolderRoot, identity: RootIdentity | null): Promise<RootProbe> {
  const parentDev = await stat(dirname(root.realPath), { bigint: true }).then(
    (s) => s.dev.toString(),
    () => null,
  );
  try {
    const stats = await stat(root.path, { bigint: true });
    const real = await realpath(root.path);
    return { exists: true, isDir: stats.isDirectory(), realPath: real, dev: stats.dev.toString(), ino: stats.ino.toString(), parentDev };
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'UNKNOWN';
    return { exists: false, code, parentDev, renamedTo: identity ? await findRenamed(root.realPath, identity) : null };
  }
}

/** Looks beside the old path for a folder with the same inode: a rename within the same parent. */
async function findRenamed(path: string, identity: RootIdentity): Promise<string | null> {
  const parent = dirname(path);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return null;
  }
  for (const name of names) {
    if (name === basename(path)) continue;
    const candidate = join(parent, name);
    const stats = await stat(candidate, { bigint: true }).catch(() => null);
    if (stats?.isDirectory() && stats.dev.toString() === identity.dev && stats.ino.toString() === identity.ino) return candidate;
  }
  return null;
}

export async function identityOf(root: FolderRoot): Promise<RootIdentity> {
  const [self, parent] = await Promise.all([stat(root.realPath, { bigint: true }), stat(dirname(root.realPath), { bigint: true })]);
  return { dev: self.dev.toString(), ino: self.ino.toString(), parentDev: parent.dev.toString() };
}
