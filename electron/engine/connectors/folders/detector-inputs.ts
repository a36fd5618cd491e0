/**
 * What the file detectors need, read from the index (never from the disk): the loose files of
 * a Downloads folder with their hashes, and what is already in the tidy-up's dated folder.
 */
import type { FileIndex } from '../../items/file/file-index.js';
import type { FileItem, FileRef } from '../../items/file/file-item.js';
import type { HashedFile } from '../../items/file/detectors/duplicate-downloads.js';
import type { TidyInput } from '../../items/file/detectors/downloads-tidy.js';
import { tidyFolderName } from '../../items/file/detectors/downloads-tidy.js';
import type { IntentFile } from '../../items/file/detectors/file-intents.js';
import { joinKey } from '../../items/file/detectors/join-key.js';
import { rawOfKey } from '../../items/file/path-key.js';

export function intentFileOf(item: FileItem): IntentFile {
  return { rootId: item.rootId, path: item.path, name: item.name, size: item.size, modifiedAt: item.modifiedAt };
}

export function tidyInputFor(index: FileIndex, downloads: FileRef, label: string, now: Date, timeZone = 'UTC'): TidyInput {
  const folderName = tidyFolderName(now, timeZone);
  const targetPath = joinKey(downloads.path, folderName);
  const target = index.get(downloads.rootId, targetPath);
  return {
    downloads,
    label,
    files: index.filesIn(downloads.rootId, downloads.path).map(intentFileOf),
    target: {
      exists: target === null ? 'no' : target.type === 'dir' ? 'folder' : 'not-a-folder',
      names: new Set(target?.type === 'dir' ? index.childrenOf(downloads.rootId, rawOfKey(targetPath)).map((item) => item.name) : []),
    },
    now,
  };
}

/** The loose files of a folder whose content has been hashed. */
export function hashedFilesIn(index: FileIndex, folder: FileRef): HashedFile[] {
  return index
    .filesIn(folder.rootId, folder.path)
    .filter((item): item is FileItem & { hash: string } => item.hash !== null)
    .map((item) => ({ ...intentFileOf(item), hash: item.hash }));
}
