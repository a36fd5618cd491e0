/**
 * "What you are working on": files edited recently, grouped by the project they belong to.
 * A file's project is its nearest folder that looks like a project (it holds .git,
 * package.json and the like); failing that, the top-level folder it lives in under the granted
 * root; failing that (a loose file), the root itself. Pure: the index supplies the rows.
 */
import { ancestorsOfRaw, displayOfKey, keyOfRaw, rawOfKey, type PathKey } from './path-key.js';

export interface RecentFile {
  readonly id: number;
  readonly rootId: string;
  readonly path: PathKey;
  readonly mtimeMs: number;
}

export interface ProjectGroup {
  readonly rootId: string;
  /** The project folder relative to its root ("" for loose files in the root). */
  readonly folder: PathKey;
  /** "Projects/Alpha", or the root's name for loose files. */
  readonly label: string;
  readonly lastEditedMs: number;
  /** Newest first, at most `filesPerGroup`. */
  readonly files: readonly RecentFile[];
  /** How many recent files the group has in all (files may be cut short). */
  readonly total: number;
}

export interface GroupOptions {
  /** Folders that hold a project marker, per root, as path keys. */
  readonly projectFolders: ReadonlyMap<string, ReadonlySet<PathKey>>;
  readonly rootNames: ReadonlyMap<string, string>;
  readonly maxGroups: number;
  readonly filesPerGroup: number;
}

export function projectFolderOf(path: PathKey, projectFolders: ReadonlySet<PathKey>): PathKey {
  const ancestors = ancestorsOfRaw(rawOfKey(path)).map(keyOfRaw);
  const marked = ancestors.find((folder) => folder !== '' && projectFolders.has(folder));
  if (marked !== undefined) return marked;
  // ancestors ends with the root (""); the one before it is the top-level folder.
  return ancestors.length >= 2 ? (ancestors.at(-2) ?? '') : '';
}

export function groupByProject(files: readonly RecentFile[], options: GroupOptions): ProjectGroup[] {
  const groups = new Map<string, { rootId: string; folder: PathKey; files: RecentFile[] }>();
  for (const file of files) {
    const folder = projectFolderOf(file.path, options.projectFolders.get(file.rootId) ?? new Set());
    const key = `${file.rootId}\u0000${folder}`;
    const group = groups.get(key) ?? { rootId: file.rootId, folder, files: [] };
    group.files.push(file);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((group) => {
      const sorted = [...group.files].sort((a, b) => b.mtimeMs - a.mtimeMs || a.path.localeCompare(b.path));
      return {
        rootId: group.rootId,
        folder: group.folder,
        label: group.folder === '' ? (options.rootNames.get(group.rootId) ?? group.rootId) : displayOfKey(group.folder),
        lastEditedMs: sorted[0]?.mtimeMs ?? 0,
        files: sorted.slice(0, options.filesPerGroup),
        total: sorted.length,
      };
    })
    .sort((a, b) => b.lastEditedMs - a.lastEditedMs || a.label.localeCompare(b.label))
    .slice(0, options.maxGroups);
}
