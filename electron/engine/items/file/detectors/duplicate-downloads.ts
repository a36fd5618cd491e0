/**
 * Duplicate downloads: "report (1).pdf" with the same content (SHA-256) as "report.pdf" in the
 * same folder. The original keeps its place; the copies are proposed for the Trash, in one
 * suggestion for the folder. Files with equal content but unrelated names are left alone:
 * two names may be on purpose. Pure.
 */
import type { FileIntent, IntentFile } from './file-intents.js';
import { familyNameOf, originalNameOf } from './copy-names.js';

export interface HashedFile extends IntentFile {
  readonly hash: string;
}

export function duplicateDownloads(label: string, files: readonly HashedFile[]): Extract<FileIntent, { kind: 'trash-files' }> | null {
  const byHash = new Map<string, HashedFile[]>();
  for (const file of files) {
    // An empty file equals every other empty file; that says nothing.
    if (file.size === 0) continue;
    byHash.set(file.hash, [...(byHash.get(file.hash) ?? []), file]);
  }
  const groups: { keep: IntentFile; copies: IntentFile[] }[] = [];
  for (const same of byHash.values()) {
    if (same.length < 2) continue;
    const keep = pickOriginal(same);
    const family = familyNameOf(keep.name);
    const copies = same.filter((file) => file !== keep && familyNameOf(file.name) === family);
    if (copies.length > 0) groups.push({ keep, copies: copies.sort((a, b) => a.name.localeCompare(b.name)) });
  }
  if (groups.length === 0) return null;
  groups.sort((a, b) => a.keep.name.localeCompare(b.keep.name));
  const count = groups.reduce((n, group) => n + group.copies.length, 0);
  const first = groups[0];
  const title =
    groups.length === 1 && first
      ? `Move ${count === 1 ? 'a duplicate' : `${count} duplicates`} of “${first.keep.name}” in ${label} to the Trash`
      : `Move ${count} duplicate downloads in ${label} to the Trash`;
  return {
    kind: 'trash-files',
    detector: 'duplicate-downloads',
    title,
    why: `${count === 1 ? 'This file is' : 'These files are'} byte-for-byte the same as ${groups.length === 1 ? 'a file' : 'files'} already in ${label}, downloaded again. The originals stay; the copies go to the Trash, where you can restore them.`,
    groups,
  };
}

/** The one to keep: a name that is not a copy-name, else the oldest. */
function pickOriginal(same: readonly HashedFile[]): HashedFile {
  const sorted = [...same].sort(
    (a, b) =>
      Number(originalNameOf(a.name) !== null) - Number(originalNameOf(b.name) !== null) ||
      Date.parse(a.modifiedAt) - Date.parse(b.modifiedAt) ||
      a.name.length - b.name.length ||
      a.name.localeCompare(b.name),
  );
  return sorted[0] as HashedFile;
}
