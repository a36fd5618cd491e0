/**
 * What the file detectors share: items grouped by the folder they are loose in, the files of
 * that folder a new suggestion may take (not covered by another suggestion of the kind, or
 * already in the open one it would update), and a file as an intent names it.
 */
import type { SuggestionKind } from '@shared/domain/types.js';
import type { FolderFile, StoredFileItem } from '../items/file/file-store.js';
import type { IntentFile } from '../items/file/detectors/file-intents.js';
import type { DetectorContext } from './types.js';

export interface FolderView {
  readonly folder: StoredFileItem['folder'];
  readonly label: string;
  readonly files: readonly FolderFile[];
}

/** One view per folder among the items (the folder's files as the store read them now). */
export function foldersOf(items: readonly StoredFileItem[]): FolderView[] {
  const views = new Map<string, FolderView>();
  for (const item of items) {
    const key = `${item.folder.rootId}\u0000${item.folder.path}`;
    if (!views.has(key)) views.set(key, { folder: item.folder, label: item.folderLabel, files: item.folderFiles });
  }
  return [...views.values()];
}

export function folderDedupeKey(kind: SuggestionKind, accountId: string, view: FolderView): string {
  return `${kind}:${accountId}:${view.folder.rootId}:${view.folder.path}`;
}

/**
 * The folder's files a proposal may list: those no suggestion of this kind covered yet, plus
 * those of the open one it would update. `fresh` is false when nothing new came in, so the
 * open suggestion is left as it is.
 */
export function candidatesIn(view: FolderView, kind: SuggestionKind, context: DetectorContext): { readonly files: readonly FolderFile[]; readonly fresh: boolean } {
  const covered = context.covered(kind, view.files.map((file) => file.itemKey));
  const open = new Set((context.openItems(folderDedupeKey(kind, context.account.id, view)) as readonly StoredFileItem[]).map((item) => item.itemKey));
  const files = view.files.filter((file) => !covered.has(file.itemKey) || open.has(file.itemKey));
  return { files, fresh: files.some((file) => !open.has(file.itemKey)) };
}

export function intentFileOf(file: FolderFile): IntentFile {
  return { rootId: file.rootId, path: file.path, name: file.name, size: file.size, modifiedAt: file.modifiedAt };
}

/** The suggestion's items and source chips for the files a proposal lists. */
export function coverageOf(files: readonly IntentFile[], byPath: ReadonlyMap<string, FolderFile>, label: string) {
  const listed = files.flatMap((file) => {
    const known = byPath.get(`${file.rootId}\u0000${file.path}`);
    return known ? [known] : [];
  });
  return {
    items: listed.map((file) => ({ id: file.itemId, key: file.itemKey })),
    sources: listed.map((file) => ({ kind: 'file' as const, itemId: file.itemId, label, subject: file.name, at: file.modifiedAt })),
  };
}

export function byPathOf(files: readonly FolderFile[]): ReadonlyMap<string, FolderFile> {
  return new Map(files.map((file) => [`${file.rootId}\u0000${file.path}`, file]));
}
