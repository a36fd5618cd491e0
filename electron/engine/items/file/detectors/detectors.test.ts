import { describe, expect, it } from 'vitest';
import { attachmentIntent, bestFolderFor, matchAttachments, sizeFits, typeFits, type AttachmentMeta } from './attachment-saved.js';
import { isNameOrCopyOf, originalNameOf } from './copy-names.js';
import { duplicateDownloads, type HashedFile } from './duplicate-downloads.js';
import { monthOf, tidyDownloads, type TidyInput } from './downloads-tidy.js';
import type { IntentFile } from './file-intents.js';

const now = new Date('2026-11-25T09:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
const file = (name: string, ageDays: number, size = 1000): IntentFile => ({ rootId: 'dl', path: name, name, size, modifiedAt: daysAgo(ageDays) });

describe('copy names', () => {
  it.each([
    ['report (1).pdf', 'report.pdf'],
    ['report(2).pdf', 'report.pdf'],
    ['report-1.pdf', 'report.pdf'],
    ['report copy.pdf', 'report.pdf'],
    ['report copy 3.pdf', 'report.pdf'],
    ['report - Copy.pdf', 'report.pdf'],
    ['report - Copy (2).pdf', 'report.pdf'],
    ['Copy of report.pdf', 'report.pdf'],
    ['report.pdf.1', 'report.pdf'],
    ['notes (1)', 'notes'],
    ['report.pdf', null],
    ['(1).pdf', null],
    ['2024 budget.xlsx', null],
  ])('%s is a copy of %s', (name, original) => {
    expect(originalNameOf(name)).toBe(original);
  });

  it.each([
    ['report.pdf', 'report.pdf', true],
    ['Report (1).PDF', 'report.pdf', true],
    ['report (1) copy.pdf', 'report.pdf', true],
    ['report-final.pdf', 'report.pdf', false],
    ['summary.pdf', 'report.pdf', false],
  ])('%s vs %s: %s', (candidate, original, expected) => {
    expect(isNameOrCopyOf(candidate, original)).toBe(expected);
  });
});

describe('the Downloads tidy-up', () => {
  const base: TidyInput = {
    downloads: { rootId: 'dl', path: '' },
    label: 'Downloads',
    files: [
      ...Array.from({ length: 14 }, (_, i) => file(`old-${String(i).padStart(2, '0')}.pdf`, 31 + i)),
      file('fresh.pdf', 2),
      file('.hidden-old', 90),
    ],
    target: { exists: 'no', names: new Set() },
    now,
  };

  it('proposes one move of every old loose file into a dated folder', () => {
    const intent = tidyDownloads(base);
    expect(intent?.title).toBe('Move 14 files older than 30 days from Downloads into Downloads/Old 2026-11');
    expect(intent?.files).toHaveLength(14);
    expect(intent?.files[0]?.name).toBe('old-13.pdf'); // oldest first
    expect(intent?.toFolder).toEqual({ rootId: 'dl', path: 'Old 2026-11' });
    expect(intent?.createFolder).toBe(true);
    expect(intent?.why).toMatch(/undo puts them back/);
  });

  it.each([
    ['too few old files', { files: base.files.slice(10) }, null],
    ['a file named like the folder is in the way', { target: { exists: 'not-a-folder' as const, names: new Set<string>() } }, null],
  ])('stays quiet when %s', (_name, change, expected) => {
    expect(tidyDownloads({ ...base, ...change })).toBe(expected);
  });

  it('uses an existing dated folder and leaves out names already in it', () => {
    const intent = tidyDownloads({ ...base, target: { exists: 'folder', names: new Set(['old-00.pdf']) } });
    expect(intent?.createFolder).toBe(false);
    expect(intent?.files.map((f) => f.name)).not.toContain('old-00.pdf');
    expect(intent?.files).toHaveLength(13);
  });

  it('names the month in the user’s time zone', () => {
    expect(monthOf(new Date('2026-11-30T23:30:00Z'), 'UTC')).toBe('2026-11');
    expect(monthOf(new Date('2026-11-30T23:30:00Z'), 'Europe/Berlin')).toBe('2026-12');
  });

  it('works for a Downloads folder inside a granted root', () => {
    expect(tidyDownloads({ ...base, downloads: { rootId: 'home', path: 'Downloads' } })?.toFolder).toEqual({ rootId: 'home', path: 'Downloads/Old 2026-11' });
  });
});

describe('duplicate downloads', () => {
  const hashed = (name: string, hash: string, ageDays = 1, size = 500): HashedFile => ({ ...file(name, ageDays, size), hash });

  it('keeps the original and proposes the copies with the same content', () => {
    const intent = duplicateDownloads('Downloads', [
      hashed('report.pdf', 'h1', 5),
      hashed('report (1).pdf', 'h1', 3),
      hashed('report (2).pdf', 'h1', 1),
      hashed('invoice.pdf', 'h2'),
    ]);
    expect(intent?.title).toBe('Move 2 duplicates of “report.pdf” in Downloads to the Trash');
    expect(intent?.groups).toHaveLength(1);
    expect(intent?.groups[0]?.keep.name).toBe('report.pdf');
    expect(intent?.groups[0]?.copies.map((c) => c.name)).toEqual(['report (1).pdf', 'report (2).pdf']);
  });

  it.each([
    ['a copy-name with different content', [hashed('report.pdf', 'h1'), hashed('report (1).pdf', 'h2')]],
    ['equal content under unrelated names', [hashed('report.pdf', 'h1'), hashed('summary.pdf', 'h1')]],
    ['empty files', [hashed('a.txt', 'e', 1, 0), hashed('a (1).txt', 'e', 1, 0)]],
    ['a single file', [hashed('report (1).pdf', 'h1')]],
  ])('says nothing for %s', (_name, files) => {
    expect(duplicateDownloads('Downloads', files)).toBeNull();
  });

  it('keeps the oldest when only copy-names are left', () => {
    const intent = duplicateDownloads('Downloads', [hashed('deck (2).pptx', 'h', 1), hashed('deck (1).pptx', 'h', 9)]);
    expect(intent?.groups[0]?.keep.name).toBe('deck (1).pptx');
    expect(intent?.groups[0]?.copies.map((c) => c.name)).toEqual(['deck (2).pptx']);
  });

  it('gathers several groups into one suggestion', () => {
    const intent = duplicateDownloads('Downloads', [hashed('a.pdf', 'x'), hashed('a (1).pdf', 'x'), hashed('b.zip', 'y'), hashed('b copy.zip', 'y')]);
    expect(intent?.title).toBe('Move 2 duplicate downloads in Downloads to the Trash');
  });
});

describe('an attachment saved to Downloads', () => {
  const attachment: AttachmentMeta = {
    itemId: 'mail-1',
    filename: 'Q3 numbers.pdf',
    size: 48_213,
    contentType: 'application/pdf',
    receivedAt: daysAgo(2),
    subject: 'Alpha launch: Q3 numbers',
    from: 'bob@example.test',
  };
  const saved = (name: string, size: number, ageDays: number): IntentFile => file(name, ageDays, size);

  it.each([
    ['the same name and size, saved after the mail', [saved('Q3 numbers.pdf', 48_213, 1)], 'Q3 numbers.pdf'],
    ['a browser copy-name', [saved('Q3 numbers (1).pdf', 48_213, 1)], 'Q3 numbers (1).pdf'],
    ['the earliest of two saves', [saved('Q3 numbers (1).pdf', 48_213, 0.5), saved('Q3 numbers.pdf', 48_213, 1)], 'Q3 numbers.pdf'],
    ['another size', [saved('Q3 numbers.pdf', 48_214, 1)], null],
    ['another name', [saved('numbers.pdf', 48_213, 1)], null],
    ['saved before the mail arrived', [saved('Q3 numbers.pdf', 48_213, 5)], null],
    ['a type that does not fit', [{ ...saved('Q3 numbers.pdf', 48_213, 1), name: 'Q3 numbers.exe' }], null],
  ])('%s', (_name, downloads, expected) => {
    const matches = matchAttachments([attachment], downloads);
    expect(matches[0]?.file.name ?? null).toBe(expected);
  });

  it.each([
    ['application/pdf', 'a.pdf', true],
    ['application/pdf; name="a.pdf"', 'a.PDF', true],
    ['application/pdf', 'a.docx', false],
    ['application/octet-stream', 'a.bin', true],
  ])('%s fits %s: %s', (type, name, expected) => {
    expect(typeFits(name, type)).toBe(expected);
  });

  // 48,213 bytes are 64,284 base64 characters: 846 lines of 76 (CRLF), 893 of 72.
  it.each([
    ['a decoded size, equal', 48_213, undefined, true],
    ['a decoded size, one byte off', 48_214, undefined, false],
    ['base64 in 76-character CRLF lines, no break after the last', 64_284 + 2 * 845, 'base64', true],
    ['base64 in 76-character CRLF lines, a break after the last', 64_284 + 2 * 846, 'BASE64', true],
    ['base64 in 72-character LF lines', 64_284 + 893, 'base64', true],
    ['base64 without line breaks', 64_284, 'base64', true],
    ['base64 of a file three bytes longer', 64_288 + 2 * 846, 'base64', false],
    ['quoted-printable, which only an equal size can match', 48_213, 'quoted-printable', true],
  ])('%s', (_name, size, encoding, expected) => {
    expect(sizeFits(48_213, { size, ...(encoding ? { encoding } : {}) })).toBe(expected);
  });

  it('offers the project folder that shares words with the mail', () => {
    const [match] = matchAttachments([attachment], [saved('Q3 numbers.pdf', 48_213, 1)]);
    if (!match) throw new Error('no match');
    const folder = bestFolderFor(match, [
      { folder: { rootId: 'docs', path: 'Projects/Beta' }, label: 'Projects/Beta' },
      { folder: { rootId: 'docs', path: 'Projects/Alpha' }, label: 'Projects/Alpha' },
    ]);
    expect(folder?.label).toBe('Projects/Alpha');
    expect(attachmentIntent(match, folder)?.title).toBe('File “Q3 numbers.pdf” in Projects/Alpha');
    expect(bestFolderFor(match, [{ folder: { rootId: 'docs', path: 'Taxes' }, label: 'Taxes' }])).toBeNull();
    expect(attachmentIntent(match, null)).toBeNull();
  });
});
