import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.js';
import { FILE_INDEX_MIGRATIONS, FileIndex, type ScannedEntry } from './file-index.js';
import type { EntryStamp } from './file-item.js';
import { keyOfRaw } from './path-key.js';

const now = new Date('2026-11-25T09:00:00Z');
let nextIno = 1;
const stamp = (type: EntryStamp['type'], changes: Partial<EntryStamp> = {}): EntryStamp => ({
  type,
  size: type === 'file' ? 10 : 0,
  mtimeMs: now.getTime() - 3_600_000,
  ctimeMs: now.getTime() - 3_600_000,
  dev: '1',
  ino: String(nextIno++),
  nlink: 1,
  ...changes,
});
const entry = (path: string | Buffer, type: EntryStamp['type'] = 'file', changes: Partial<EntryStamp> = {}, projectMarker?: string | null): ScannedEntry => ({
  relPath: typeof path === 'string' ? Buffer.from(path) : path,
  stamp: stamp(type, changes),
  ...(projectMarker === undefined ? {} : { projectMarker }),
});

function freshIndex(): FileIndex {
  return new FileIndex(openDatabase(':memory:', FILE_INDEX_MIGRATIONS));
}

describe('the file index', () => {
  it('inserts, recognises unchanged entries and resets changed ones to be read again', () => {
    const index = freshIndex();
    const doc = entry('docs/a.txt');
    expect(index.upsert('r', [entry('', 'dir'), entry('docs', 'dir'), doc], now).added).toBe(3);
    const id = index.get('r', 'docs/a.txt')?.id ?? -1;
    expect(index.recordContent(id, doc.stamp, { state: 'done', hash: 'h1', excerpt: 'alpha beta', note: null })).toBe(true);
    expect(index.upsert('r', [doc], now)).toEqual({ added: 0, changed: 0, changes: [] });
    expect(index.get('r', 'docs/a.txt')?.hash).toBe('h1');
    const edited = { ...doc, stamp: { ...doc.stamp, size: 11, mtimeMs: doc.stamp.mtimeMs + 1 } };
    const outcome = index.upsert('r', [edited], now);
    expect(outcome.changes.map((c) => [c.kind, c.item.path, c.item.contentState, c.item.hash])).toEqual([['changed', 'docs/a.txt', 'pending', null]]);
    expect(index.excerptOf(id)).toBeNull();
  });

  it('does not record content read from a file that changed since it was indexed', () => {
    const index = freshIndex();
    const doc = entry('a.txt');
    index.upsert('r', [doc], now);
    const id = index.get('r', 'a.txt')?.id ?? -1;
    expect(index.recordContent(id, { ...doc.stamp, size: 99 }, { state: 'done', hash: 'old', excerpt: null, note: null })).toBe(false);
    expect(index.get('r', 'a.txt')?.contentState).toBe('pending');
  });

  it('treats a folder’s times as its children’s business, not a change of the folder', () => {
    const index = freshIndex();
    const folder = entry('docs', 'dir');
    index.upsert('r', [folder], now);
    expect(index.upsert('r', [{ ...folder, stamp: { ...folder.stamp, mtimeMs: 1, ctimeMs: 2 } }], now).changed).toBe(0);
    expect(index.upsert('r', [{ ...folder, stamp: { ...folder.stamp, ino: 'other' } }], now).changed).toBe(1);
  });

  it.each([
    ['a', ['a', 'a/x', 'a/y/z'], ['ab/x', 'a.b', 'a0', 'b/a']],
    ['', ['a', 'a/x', 'a/y/z', 'ab/x', 'a.b', 'a0', 'b/a'], []],
  ])('removes the subtree of %j and nothing beside it', (folder, gone, kept) => {
    const index = freshIndex();
    index.upsert('r', ['a', 'a/x', 'a/y/z', 'ab/x', 'a.b', 'a0', 'b/a'].map((p) => entry(p)), now);
    index.upsert('other-root', [entry('a/x')], now);
    const removed = index.removeSubtree('r', Buffer.from(folder)).map((c) => c.item.path);
    expect(removed.sort()).toEqual([...gone].sort());
    for (const path of kept) expect(index.get('r', path)).not.toBeNull();
    expect(index.get('other-root', 'a/x')).not.toBeNull();
  });

  it('lists the direct children of a folder', () => {
    const index = freshIndex();
    index.upsert('r', ['dl/a.pdf', 'dl/b.pdf', 'dl/Old/c.pdf', 'dl2/d.pdf', 'top.txt'].map((p) => entry(p)), now);
    index.upsert('r', [entry('dl/Old', 'dir')], now);
    expect(index.filesIn('r', 'dl').map((f) => f.path)).toEqual(['dl/a.pdf', 'dl/b.pdf']);
    expect(index.childrenOf('r', Buffer.from('dl')).map((f) => f.path)).toEqual(['dl/Old', 'dl/a.pdf', 'dl/b.pdf']);
    expect(index.filesIn('r', '').map((f) => f.path)).toEqual(['top.txt']);
  });

  it('searches names, paths and excerpts in the granted roots only, names first', () => {
    const index = freshIndex();
    const files = [entry('Projects/Alpha/plan.md'), entry('notes/meeting.md'), entry('alpha-budget.xlsx')];
    index.upsert('docs', files, now);
    index.upsert('elsewhere', [entry('alpha.txt')], now);
    const plan = index.get('docs', 'Projects/Alpha/plan.md');
    const meeting = index.get('docs', 'notes/meeting.md');
    if (!plan || !meeting) throw new Error('not indexed');
    index.recordContent(meeting.id, files[1]?.stamp as EntryStamp, { state: 'done', hash: 'm', excerpt: 'We agreed to ship Alpha on Friday.', note: null });
    const hits = index.search('alpha', { rootIds: ['docs'] });
    expect(hits.map((h) => h.item.path)).toEqual(['alpha-budget.xlsx', 'Projects/Alpha/plan.md', 'notes/meeting.md']);
    expect(hits[2]?.snippet).toContain('«Alpha»');
    expect(index.search('alp fri', { rootIds: ['docs'] }).map((h) => h.item.path)).toEqual(['notes/meeting.md']);
    expect(index.search('"); DROP TABLE file_entries; --', { rootIds: ['docs'] })).toEqual([]);
    expect(index.search('alpha', { rootIds: [] })).toEqual([]);
  });

  it('indexes a name that is not valid UTF-8 by its exact bytes', () => {
    const index = freshIndex();
    const raw = Buffer.concat([Buffer.from('dl/bad-'), Buffer.from([0xff]), Buffer.from('.txt')]);
    index.upsert('r', [entry(raw)], now);
    const item = index.get('r', keyOfRaw(raw));
    expect(item?.displayPath).toBe('dl/bad-\uFFFD.txt');
    expect(index.rawPathOf(item?.id ?? -1)?.equals(raw)).toBe(true);
    expect(index.search('bad', { rootIds: ['r'] })).toHaveLength(1);
  });

  it('finds duplicates by hash across the given roots', () => {
    const index = freshIndex();
    const a = entry('report.pdf');
    const b = entry('report (1).pdf');
    const c = entry('other.pdf');
    index.upsert('dl', [a, b, c], now);
    const id = (path: string) => index.get('dl', path)?.id ?? -1;
    index.recordContent(id('report.pdf'), a.stamp, { state: 'done', hash: 'same', excerpt: null, note: null });
    index.recordContent(id('report (1).pdf'), b.stamp, { state: 'done', hash: 'same', excerpt: null, note: null });
    index.recordContent(id('other.pdf'), c.stamp, { state: 'done', hash: 'different', excerpt: null, note: null });
    expect(index.duplicatesOf(id('report.pdf'), ['dl']).map((f) => f.path)).toEqual(['report (1).pdf']);
    expect(index.duplicatesOf(id('report.pdf'), ['docs'])).toEqual([]);
  });

  it('groups recently edited files by project folder', () => {
    const index = freshIndex();
    const recent = (path: string, hoursAgo: number) => entry(path, 'file', { mtimeMs: now.getTime() - hoursAgo * 3_600_000 });
    index.upsert(
      'docs',
      [
        entry('Projects/Alpha', 'dir', {}, 'package.json'),
        recent('Projects/Alpha/src/app.ts', 1),
        recent('Projects/Alpha/README.md', 3),
        recent('Letters/bank.docx', 2),
        recent('Letters/old.docx', 24 * 30),
        recent('todo.md', 5),
      ],
      now,
    );
    const groups = index.workingOn({ rootIds: ['docs'], rootNames: new Map([['docs', 'Documents']]), since: new Date(now.getTime() - 7 * 86_400_000), until: now });
    expect(groups.map((g) => [g.label, g.files.map((f) => f.path)])).toEqual([
      ['Projects/Alpha', ['Projects/Alpha/src/app.ts', 'Projects/Alpha/README.md']],
      ['Letters', ['Letters/bank.docx']],
      ['Documents', ['todo.md']],
    ]);
  });

  it('counts the names of an inode and lets hard-linked files be read once all names are inside', () => {
    const index = freshIndex();
    const linked = entry('a.txt', 'file', { nlink: 2, ino: 'shared' });
    index.upsert('r', [linked], now);
    const id = index.get('r', 'a.txt')?.id ?? -1;
    index.markContent(id, 'linked-outside', 'two names');
    expect(index.namesOfInode('1', 'shared')).toBe(1);
    expect(index.reconsiderLinked()).toBe(0);
    index.upsert('r2', [entry('b.txt', 'file', { nlink: 2, ino: 'shared' })], now);
    expect(index.reconsiderLinked()).toBe(1);
    expect(index.get('r', 'a.txt')?.contentState).toBe('pending');
  });

  it('keeps scan problems per root and forgets a root entirely', () => {
    const index = freshIndex();
    index.upsert('r', [entry('a.txt')], now);
    index.recordProblems('r', [{ relPath: Buffer.from('locked'), message: 'permission denied' }], now, true);
    index.recordProblems('r', [{ relPath: Buffer.from('deep'), message: 'too long' }], now, false);
    expect(index.problems('r').map((p) => p.path)).toEqual(['deep', 'locked']);
    index.recordProblems('r', [], now, true);
    expect(index.problems('r')).toEqual([]);
    index.forgetRoot('r');
    expect(index.count('r')).toBe(0);
    expect(index.search('a', { rootIds: ['r'] })).toEqual([]);
  });
});
