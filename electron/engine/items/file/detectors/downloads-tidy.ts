/**
 * The Downloads tidy-up: loose files in Downloads that nobody touched for a month go into one
 * dated folder beside them ("Downloads/Old 2026-11"), as one suggestion that lists every file.
 * Only loose files directly in Downloads are considered (folders are the user's own order),
 * never hidden ones, and only when there are enough to be worth a suggestion. Pure.
 */
import type { FileRef } from '../file-item.js';
import { joinKey } from './join-key.js';
import type { FileIntent, IntentFile } from './file-intents.js';

export interface TidyOptions {
  readonly olderThanDays: number;
  /** Fewer old files than this is not worth interrupting anyone for. */
  readonly minFiles: number;
  /** For naming the month folder in the user's calendar. */
  readonly timeZone: string;
}

export const DEFAULT_TIDY: TidyOptions = { olderThanDays: 30, minFiles: 5, timeZone: 'UTC' };

export interface TidyInput {
  /** The Downloads folder: a granted root, or a folder inside one. */
  readonly downloads: FileRef;
  /** What to call it in the title ("Downloads"). */
  readonly label: string;
  /** Files directly in Downloads. */
  readonly files: readonly IntentFile[];
  /** Whether the dated folder ("Old 2026-11") already exists, and the names inside it. */
  readonly target: { readonly exists: 'no' | 'folder' | 'not-a-folder'; readonly names: ReadonlySet<string> };
  readonly now: Date;
}

export function tidyDownloads(input: TidyInput, options: TidyOptions = DEFAULT_TIDY): Extract<FileIntent, { kind: 'move-files' }> | null {
  const cutoff = input.now.getTime() - options.olderThanDays * 24 * 60 * 60 * 1000;
  const folderName = tidyFolderName(input.now, options.timeZone);
  // A file of that name is in the way: say nothing rather than propose something that cannot run.
  if (input.target.exists === 'not-a-folder') return null;
  const old = input.files
    .filter((file) => !file.name.startsWith('.'))
    .filter((file) => Date.parse(file.modifiedAt) < cutoff)
    // A name already in the dated folder would collide: leave that file for next time.
    .filter((file) => !input.target.names.has(file.name))
    .sort((a, b) => Date.parse(a.modifiedAt) - Date.parse(b.modifiedAt) || a.name.localeCompare(b.name));
  if (old.length < options.minFiles) return null;
  const target = `${input.label}/${folderName}`;
  return {
    kind: 'move-files',
    detector: 'downloads-tidy',
    title: `Move ${old.length} files older than ${options.olderThanDays} days from ${input.label} into ${target}`,
    why: `${old.length} files in ${input.label} have not changed for more than ${options.olderThanDays} days (the oldest since ${old[0]?.modifiedAt.slice(0, 10)}). Moving them into one folder keeps ${input.label} for what is new; undo puts them back.`,
    files: old,
    toFolder: { rootId: input.downloads.rootId, path: joinKey(input.downloads.path, folderName) },
    createFolder: input.target.exists === 'no',
  };
}

/** The dated folder's name for a tidy-up on this day ("Old 2026-11"). */
export function tidyFolderName(now: Date, timeZone: string): string {
  return `Old ${monthOf(now, timeZone)}`;
}

/** "2026-11" for a date, in the given time zone. */
export function monthOf(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(date);
  const year = parts.find((p) => p.type === 'year')?.value ?? '';
  const month = parts.find((p) => p.type === 'month')?.value ?? '';
  return `${year}-${month}`;
}
