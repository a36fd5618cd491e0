/**
 * Turns a file detector's intent into the concrete gated steps of a plan, with a preview of
 * every file so the user sees exactly what would move or go to the Trash. One intent, one step:
 * "Move 14 files…" is one approval and one undo.
 */
import type { FilePreview, FilesMovePreview, FilesTrashPreview } from '@shared/domain/previews.js';
import type { FileIntent, IntentFile } from '../../items/file/detectors/file-intents.js';
import type { FileCapabilityId } from './file-capabilities.js';
import type { MoveArgs, TrashArgs } from './file-executors.js';
import { shownPathOf } from './file-reads.js';

export type FileActionPreview = FilesMovePreview | FilesTrashPreview;

export interface PlannedFileStep {
  readonly capability: FileCapabilityId;
  readonly app: 'folders';
  readonly accountId: string;
  readonly title: string;
  readonly args: MoveArgs | TrashArgs;
  readonly preview: FileActionPreview;
}

export function planFileIntent(intent: FileIntent, accountId: string, rootName: (rootId: string) => string): PlannedFileStep[] {
  const preview = (file: IntentFile): FilePreview => ({ name: file.name, shownPath: shownPathOf(rootName(file.rootId), file.path), size: file.size, modifiedAt: file.modifiedAt });
  switch (intent.kind) {
    case 'move-files':
      return [
        {
          capability: 'files.move',
          app: 'folders',
          accountId,
          title: intent.title,
          args: {
            requests: intent.files.map((file) => ({ from: { rootId: file.rootId, path: file.path }, toFolder: intent.toFolder })),
            createFolders: intent.createFolder,
          },
          preview: {
            kind: 'files-move',
            toFolder: shownPathOf(rootName(intent.toFolder.rootId), intent.toFolder.path),
            createsFolder: intent.createFolder,
            files: intent.files.map(preview),
          },
        },
      ];
    case 'trash-files': {
      const copies = intent.groups.flatMap((group) => group.copies);
      return [
        {
          capability: 'files.trash',
          app: 'folders',
          accountId,
          title: intent.title,
          args: { entries: copies.map((file) => ({ rootId: file.rootId, path: file.path })) },
          preview: { kind: 'files-trash', files: copies.map(preview), keeps: intent.groups.map((group) => preview(group.keep)) },
        },
      ];
    }
  }
}
