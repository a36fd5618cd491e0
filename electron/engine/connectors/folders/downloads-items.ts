/**
 * Which folders' files become the engine's items (what the file detectors look at): a granted
 * folder that is a Downloads folder, or the Downloads folder directly inside a granted one
 * (the home folder). Pure, over what the index knows.
 */
import type { FileIndex } from '../../items/file/file-index.js';
import type { NewFileItem } from '../../items/file/file-store.js';
import { rawOfKey } from '../../items/file/path-key.js';
import { basename } from 'node:path';
import type { FolderRoot } from './scopes.js';

const DOWNLOADS = /^downloads$/i;

/** The Downloads folder of a granted folder, as a path key ("" for the root itself), or null. */
export function downloadsFolderOf(root: FolderRoot, index: Pick<FileIndex, 'get'>): string | null {
  if (DOWNLOADS.test(root.name) || DOWNLOADS.test(basename(root.realPath))) return '';
  for (const name of ['Downloads', 'downloads']) {
    if (index.get(root.id, name)?.type === 'dir') return name;
  }
  return null;
}

/** The loose files of that folder as items, with its label as the user sees it ("Downloads", "Home/Downloads"). */
export function downloadsItems(root: FolderRoot, folder: string, index: Pick<FileIndex, 'filesIn' | 'stampAt'>): NewFileItem[] {
  const folderLabel = folder === '' ? root.name : `${root.name}/${folder}`;
  return index.filesIn(root.id, folder).map((file) => {
    const stamp = index.stampAt(root.id, rawOfKey(file.path));
    return {
    rootId: root.id,
    path: file.path,
    folder,
    folderLabel,
    name: file.name,
    size: file.size,
    modifiedAt: file.modifiedAt,
    hash: file.hash,
    // Without a stamp (it went between the two reads) the path stands in for the inode.
    dev: stamp?.dev ?? 'path',
    ino: stamp?.ino ?? `${root.id}/${file.path}`,
    };
  });
}
