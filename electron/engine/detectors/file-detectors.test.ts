/**
 * The Downloads detectors over file items as the store hands them (each with its folder's
 * files): what they propose, what they leave alone, how they keep to what is not covered yet,
 * and that the folders connector plans their intents into one step listing every file. Pure.
 */
import { describe, expect, it } from 'vitest';
import type { StoredAccount } from '../accounts/account-store.js';
import type { FolderFile, StoredFileItem } from '../items/file/file-store.js';
import { planProposal } from '../suggestions/planner.js';
import { downloadsTidyDetector } from './downloads-tidy.js';
import { duplicateDownloadsDetector } from './duplicate-downloads.js';
import { attachmentSavedDetector } from './attachment-saved.js';
import { NO_LOOKUPS, type DetectorLookups } from './lookups.js';
import type { DetectorContext } from './types.js';

const now = new Date('2026-11-25T09:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
const folders: StoredAccount = {
  id: 'fold-1',
  kind: 'folders',
  email: 'local-folders',
  displayName: 'Folders',
  settings: {
    roots: [
      { id: 'dl', name: 'Downloads', path: '/home/a/Downloads', realPath: '/home/a/Downloads' },
      { id: 'docs', name: 'Projects', path: '/home/a/Projects', realPath: '/home/a/Projects' },
    ],
  },
  createdAt: now.toISOString(),
};

function file(name: string, ageDays: number, hash: string | null = null, size = 100): FolderFile {
  return { itemId: `item-${name}`, itemKey: `inode:1:${name}`, rootId: 'dl', path: name, name, size, modifiedAt: daysAgo(ageDays), hash };
}

/** Items for some of a folder's files, each carrying the whole folder as the store does. */
function items(all: readonly FolderFile[], fresh: readonly string[] = all.map((f) => f.name)): StoredFileItem[] {
  return all
    .filter((f) => fresh.includes(f.name))
    .map((f) => ({ ...f, id: f.itemId, accountId: folders.id, stream: 'dl', externalId: f.path, present: true, folder: { rootId: 'dl', path: '' }, folderLabel: 'Downloads', folderFiles: all }));
}

function context(covered: readonly string[] = [], open: readonly StoredFileItem[] = [], lookups: DetectorLookups = NO_LOOKUPS): DetectorContext {
  return { account: folders, now, covered: () => new Set(covered), openItems: () => open, openCard: () => null, itemsWithKey: () => [], lookups, config: (() => '') as DetectorContext['config'] };
}

const oldFiles = Array.from({ length: 6 }, (_, i) => file(`scan-${i}.pdf`, 40 + i));

describe('the Downloads tidy-up detector', () => {
  it('proposes one move of every old loose file, covering each, planned as one files.move step', () => {
    const [proposal] = downloadsTidyDetector.detect(items([...oldFiles, file('new.pdf', 2)]), context());
    expect(proposal).toMatchObject({
      kind: 'downloads-tidy',
      title: 'Move 6 files older than 30 days from Downloads into Downloads/Old 2026-11',
      dedupeKey: 'downloads-tidy:fold-1:dl:',
      urgency: 'low',
    });
    expect(proposal?.items.map((i) => i.key).sort()).toEqual(oldFiles.map((f) => f.itemKey).sort());
    const draft = proposal ? planProposal(proposal, folders) : null;
    expect(draft?.steps).toHaveLength(1);
    expect(draft?.steps[0]).toMatchObject({ capability: 'files.move', app: 'folders', preview: { kind: 'files-move', toFolder: 'Downloads/Old 2026-11', createsFolder: true } });
  });

  it.each([
    ['fewer than five old files', [...oldFiles.slice(0, 4), file('new.pdf', 1)], []],
    ['old files a suggestion of its kind already covered', oldFiles, oldFiles.map((f) => f.itemKey)],
  ])('stays quiet for %s', (_name, all, covered) => {
    expect(downloadsTidyDetector.detect(items(all), context(covered))).toEqual([]);
  });

  it('sees the whole folder when one new file arrives, and adds it to the open suggestion', () => {
    const open = items(oldFiles.slice(0, 5));
    const arrived = file('older.pdf', 90);
    const all = [...oldFiles, arrived];
    const [proposal] = downloadsTidyDetector.detect(items(all, ['older.pdf']), context(oldFiles.slice(0, 5).map((f) => f.itemKey), open));
    expect(proposal?.items).toHaveLength(7);
  });

  it('asks to look again when a young file turns 30 days old', () => {
    const watch = downloadsTidyDetector.watch?.(items([file('young.pdf', 10), file('old.pdf', 40)]), context());
    expect(watch?.revisit).toEqual([{ itemId: 'item-young.pdf', key: 'inode:1:young.pdf', at: new Date(Date.parse(daysAgo(10)) + 30 * 86_400_000 + 60_000).toISOString() }]);
  });
});

describe('the duplicate downloads detector', () => {
  it('proposes the copies for the Trash and keeps the original, planned as one files.trash step', () => {
    const all = [file('report.pdf', 5, 'h1'), file('report (1).pdf', 3, 'h1'), file('report (2).pdf', 1, 'h1'), file('notes.txt', 1, 'h2')];
    const [proposal] = duplicateDownloadsDetector.detect(items(all), context());
    expect(proposal?.title).toBe('Move 2 duplicates of “report.pdf” in Downloads to the Trash');
    expect(proposal?.items.map((i) => i.id).sort()).toEqual(['item-report (1).pdf', 'item-report (2).pdf']);
    const draft = proposal ? planProposal(proposal, folders) : null;
    expect(draft?.steps[0]).toMatchObject({ capability: 'files.trash', preview: { kind: 'files-trash', keeps: [{ shownPath: 'Downloads/report.pdf' }] } });
  });

  it.each([
    ['files not hashed yet', [file('report.pdf', 5), file('report (1).pdf', 3)], []],
    ['copies already proposed once', [file('report.pdf', 5, 'h'), file('report (1).pdf', 3, 'h')], ['inode:1:report (1).pdf']],
    ['a copy-name with other content', [file('report.pdf', 5, 'h1'), file('report (1).pdf', 3, 'h2')], []],
  ])('stays quiet for %s', (_name, all, covered) => {
    expect(duplicateDownloadsDetector.detect(items(all), context(covered))).toEqual([]);
  });
});

describe('the attachment-saved detector', () => {
  const deck = file('Alpha deck.pdf', 1, null, 5_000);
  const lookups: DetectorLookups = {
    ...NO_LOOKUPS,
    mailAttachmentsSince: () => [
      { itemId: 'mail-1', filename: 'Alpha deck.pdf', size: 5_000, contentType: 'application/pdf', receivedAt: daysAgo(2), subject: 'The deck for Alpha', from: 'Dana' },
    ],
    workFolders: () => [
      { folder: { rootId: 'dl', path: '' }, label: 'Downloads' },
      { folder: { rootId: 'docs', path: 'Alpha' }, label: 'Projects/Alpha' },
    ],
  };

  it('offers to file a saved attachment next to related work, citing the mail, planned as one files.move', () => {
    const [proposal, ...more] = attachmentSavedDetector.detect(items([deck, file('other.txt', 1)]), context([], [], lookups));
    expect(more).toEqual([]);
    expect(proposal).toMatchObject({ kind: 'attachment-saved', title: 'File “Alpha deck.pdf” in Projects/Alpha', dedupeKey: `attachment-saved:fold-1:${deck.itemKey}` });
    expect(proposal?.items).toEqual([{ id: deck.itemId, key: deck.itemKey }]);
    expect(proposal?.sources.map((source) => source.kind)).toEqual(['file', 'mail']);
    const draft = proposal ? planProposal(proposal, folders) : null;
    expect(draft?.steps[0]).toMatchObject({ capability: 'files.move', preview: { kind: 'files-move', toFolder: 'Projects/Alpha', createsFolder: false } });
  });

  it.each([
    ['no mail with attachments', NO_LOOKUPS, []],
    ['a file a suggestion of its kind already covered', lookups, [deck.itemKey]],
    ['no folder of related work but its own', { ...lookups, workFolders: () => [{ folder: { rootId: 'dl', path: '' }, label: 'Downloads Alpha' }] }, []],
  ])('stays quiet with %s', (_name, these, covered) => {
    expect(attachmentSavedDetector.detect(items([deck]), context(covered, [], these))).toEqual([]);
  });

  it('looks again shortly at a file saved just now (its mail may not be synced yet), not at old ones', () => {
    const justSaved = { ...file('new.pdf', 0), modifiedAt: now.toISOString() };
    const watch = attachmentSavedDetector.watch?.(items([justSaved, deck]), context());
    expect(watch?.revisit.map((r) => r.itemId)).toEqual([justSaved.itemId]);
  });
});
