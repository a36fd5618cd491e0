/**
 * Turns a file detector's intent into the concrete gated steps of a plan, with a preview of
 * every file so the user sees exactly what would move or go to the Trash. One intent, one step:
 * "Move 14 files…" is one approval and one undo.
 */
import type { FileIntent, IntentFile } from '../../items/file/detectors/file-intents.js';
import type { FileCapabilityId } from './file-capabilities.js';
import type { MoveArgs, TrashArgs } from './file-executors.js';
import { shownPathOf } from './file-reads.js';

/** What a plan card shows for a file step (to join shared/domain ActionPreview in phase 2). */
export type FileActionPreview =
  | {
      readonly kind: 'files-move';
      readonly toFolder: string;
      readonly createsFolder: boolean;
      readonly files: readonly PreviewFile[];
    }
  | {
      readonly kind: 'files-trash';
      readonly files: readonly PreviewFile[];
      /** For duplicates: the originals that stay, beside the copies that go. */
      readonly keeps: readonly PreviewFile[];
    };

export interface PreviewFile {
  readonly name: string;
  /** Root name and path: "Downloads/report (1).pdf". */
  readonly shownPath: string;
  readonly size: number;
  readonly modifiedAt: string;
}

export interface PlannedFileStep {
  readonly capability: FileCapabilityId;
  readonly app: 'folders';
  readonly accountId: string;
  readonly title: string;
  readonly args: MoveArgs | TrashArgs;
  readonly preview: FileActionPreview;
}

export function planFileIntent(intent: FileIntent, accountId: string, rootName: (rootId: string) => string): PlannedFileStep[] {
  const preview = (file: IntentFile): PreviewFile => ({ name: file.name, shownPath: shownPathOf(rootName(file.rootId), file.path), size: file.size, modifiedAt: file.modifiedAt });
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
