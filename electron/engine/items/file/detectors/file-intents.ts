/**
 * What the file detectors ask for. An intent names files and a goal; the folders connector's
 * planner turns it into gated steps (files.move, files.trash) and the user approves the plan.
 */
import type { FileRef } from '../file-item.js';

export interface IntentFile extends FileRef {
  readonly name: string;
  readonly size: number;
  readonly modifiedAt: string;
}

export type FileIntent =
  | {
      readonly kind: 'move-files';
      readonly detector: 'downloads-tidy' | 'attachment-saved';
      readonly title: string;
      readonly why: string;
      readonly files: readonly IntentFile[];
      readonly toFolder: FileRef;
      /** The destination folder does not exist yet: the plan creates it. */
      readonly createFolder: boolean;
    }
  | {
      readonly kind: 'trash-files';
      readonly detector: 'duplicate-downloads';
      readonly title: string;
      readonly why: string;
      readonly groups: readonly { readonly keep: IntentFile; readonly copies: readonly IntentFile[] }[];
    };
