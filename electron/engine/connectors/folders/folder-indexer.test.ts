/**
 * Scanning real temporary folders: ignore rules, a restart that rehashes nothing, odd names,
 * deep paths, symbolic links that loop or point out, hard links to files outside, and the
 * AgentDojo drive as a realistic folder (real .docx files read through the sandbox).
 */
import { createHash } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyOfRaw } from '../../items/file/path-key.js';
import { ScopeError } from './scope-resolver.js';
import { folderStack, type FolderStack } from './testing/folder-stack.js';
import { tempFolders, writeTree, type TempFolders } from './testing/temp-folders.js';

let temp: TempFolders;
let stack: FolderStack | null = null;
beforeEach(() => {
  temp = tempFolders();
});
afterEach(async () => {
  await stack?.close();
  stack = null;
  temp.cleanup();
});

const sha256 = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');

describe('scanning a granted folder', () => {
  it('indexes what is there and honours the default and .gitignore rules', async () => {
    const dir = temp.folder('Documents');
    writeTree(dir, {
      'notes/plan.md': '# Plan\nShip Alpha on Friday.',
      'notes/budget.csv': 'item,cost\nlaptop,1200',
      'Projects/Alpha/package.json': '{"name":"alpha"}',
      'Projects/Alpha/src/app.ts': 'export const answer = 42;',
      'Projects/Alpha/node_modules/dep/index.js': 'ignored',
      'Projects/Alpha/.gitignore': 'dist/\n*.secret\n',
      'Projects/Alpha/dist/bundle.js': 'ignored by .gitignore',
      'Projects/Alpha/key.secret': 'ignored by .gitignore',
      'Downloads/setup.exe.crdownload': 'a download in progress',
      'Downloads/~$letter.docx': 'an Office lock file',
      'image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
    });
    const root = temp.root('docs', 'Documents', dir);
    stack = folderStack([root], join(temp.base, 'index.db'));
    const indexer = stack.indexer(root);
    const summary = await indexer.fullScan('initial-scan');
    await indexer.whenContentIdle();
    expect(summary).toMatchObject({ origin: 'initial-scan', files: 6, added: 6 + 6, removed: 0, problems: [] });
    const paths = stack.index.stamps('docs');
    expect([...paths.keys()].sort()).toEqual(
      ['', 'Downloads', 'Projects', 'Projects/Alpha', 'Projects/Alpha/.gitignore', 'Projects/Alpha/package.json', 'Projects/Alpha/src', 'Projects/Alpha/src/app.ts', 'image.png', 'notes', 'notes/budget.csv', 'notes/plan.md'].sort(),
    );
    // The first scan reports a summary, not 12 "new" observations.
    expect(stack.changes).toEqual([]);
  });

  it('reads content once, and a restart over the same database rehashes nothing; an edit rehashes one file', async () => {
    const dir = temp.folder('Documents');
    writeTree(dir, { 'a.md': 'alpha', 'b.txt': 'bravo', 'c/d.csv': 'x,y' });
    const root = temp.root('docs', 'Documents', dir);
    const dbFile = join(temp.base, 'index.db');
    stack = folderStack([root], dbFile);
    const first = stack.indexer(root);
    await first.fullScan('initial-scan');
    await first.whenContentIdle();
    expect(stack.contentRead.map((item) => [item.path, item.hash])).toEqual([
      ['a.md', sha256('alpha')],
      ['b.txt', sha256('bravo')],
      ['c/d.csv', sha256('x,y')],
    ]);
    expect(stack.index.excerptOf(stack.index.get('docs', 'a.md')?.id ?? -1)).toBe('alpha');
    await stack.close();

    // A restart: a new stack over the same file.
    stack = folderStack([root], dbFile);
    const again = stack.indexer(root);
    const summary = await again.fullScan('rescan');
    await again.whenContentIdle();
    expect(summary).toMatchObject({ added: 0, changed: 0, removed: 0 });
    expect(stack.contentRead).toEqual([]);

    writeFileSync(join(dir, 'b.txt'), 'bravo, edited');
    rmSync(join(dir, 'c'), { recursive: true });
    const third = stack.indexer(root);
    const after = await third.fullScan('rescan');
    await third.whenContentIdle();
    expect(after).toMatchObject({ added: 0, changed: 1, removed: 2 });
    expect(stack.contentRead.map((item) => item.path)).toEqual(['b.txt']);
    expect(stack.changes.map(({ change }) => [change.kind, change.item.path]).sort()).toEqual([
      ['changed', 'b.txt'],
      ['gone', 'c'],
      ['gone', 'c/d.csv'],
    ]);
  });

  it('indexes odd names exactly: newlines, invalid UTF-8, 255-byte names, deep paths; reports paths too long to reach', async () => {
    const dir = temp.folder('Odd');
    const invalid = Buffer.concat([Buffer.from('bad-'), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('.txt')]);
    const long = `${'n'.repeat(251)}.txt`;
    writeFileSync(join(dir, 'line\nbreak.txt'), 'newline name');
    writeFileSync(Buffer.concat([Buffer.from(dir + '/'), invalid]), 'invalid utf-8 name');
    writeFileSync(join(dir, long), 'long name');
    const deep = join(dir, ...Array.from({ length: 120 }, () => 'd'));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'bottom.txt'), 'deep');
    // Beyond PATH_MAX (4096 bytes): only reachable step by step with relative paths.
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      for (let i = 0; i < 24; i++) {
        const name = `${'x'.repeat(200)}${i}`;
        mkdirSync(name);
        process.chdir(name);
      }
      writeFileSync('unreachable.txt', 'too deep');
    } finally {
      process.chdir(cwd);
    }
    const root = temp.root('odd', 'Odd', dir);
    stack = folderStack([root]);
    const indexer = stack.indexer(root);
    const summary = await indexer.fullScan('initial-scan');
    await indexer.whenContentIdle();

    const byName = (key: string) => stack?.index.get('odd', key);
    expect(byName('line\nbreak.txt')?.hash).toBe(sha256('newline name'));
    const odd = byName(keyOfRaw(invalid));
    expect(odd?.hash).toBe(sha256('invalid utf-8 name'));
    expect(odd?.displayPath).toBe('bad-\uFFFD\uFFFD\uFFFD.txt');
    expect(stack.index.rawPathOf(odd?.id ?? -1)?.equals(invalid)).toBe(true);
    expect(byName(long)?.hash).toBe(sha256('long name'));
    const bottom = byName(`${Array.from({ length: 120 }, () => 'd').join('/')}/bottom.txt`);
    expect(bottom?.hash).toBe(sha256('deep'));
    expect(summary.problems.length).toBeGreaterThanOrEqual(1);
    expect(summary.problems.map((p) => p.message).join('\n')).toMatch(/longer than the system allows/);
    expect(stack.index.problems('odd').length).toBe(summary.problems.length);
    expect(stack.index.search('newline', { rootIds: ['odd'] })).toHaveLength(1);
  });

  it('does not follow symbolic links: a loop costs nothing and a link out of the folder leads nowhere', async () => {
    const outside = temp.folder('Outside');
    writeFileSync(join(outside, 'secret.txt'), 'zebracorn private words');
    const dir = temp.folder('Granted');
    writeTree(dir, { 'real.txt': 'inside words', 'sub/file.txt': 'nested' });
    symlinkSync('..', join(dir, 'sub', 'loop'));
    symlinkSync(join(dir, 'sub'), join(dir, 'sub', 'loop2'));
    symlinkSync(outside, join(dir, 'out'));
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'secret-link.txt'));
    symlinkSync('real.txt', join(dir, 'inside-link.txt'));
    symlinkSync('missing-target', join(dir, 'dangling'));
    const root = temp.root('g', 'Granted', dir);
    stack = folderStack([root]);
    const indexer = stack.indexer(root);
    await indexer.fullScan('initial-scan');
    await indexer.whenContentIdle();

    for (const link of ['sub/loop', 'sub/loop2', 'out', 'secret-link.txt', 'inside-link.txt', 'dangling']) {
      expect(stack.index.get('g', link)).toMatchObject({ type: 'symlink', hash: null, contentState: 'not-file' });
    }
    expect(stack.index.get('g', 'out/secret.txt')).toBeNull();
    expect(stack.index.search('zebracorn', { rootIds: ['g'] })).toEqual([]);
    // Reading through the links: inside is fine, outside is refused in words.
    const inside = await stack.resolver.openForRead('g', Buffer.from('inside-link.txt'));
    await inside.handle.close();
    expect(inside.relPath.toString()).toBe('real.txt');
    await expect(stack.resolver.openForRead('g', Buffer.from('secret-link.txt'))).rejects.toThrow(/outside the folders you granted/);
    await expect(stack.resolver.openForRead('g', Buffer.from('out/secret.txt'))).rejects.toBeInstanceOf(ScopeError);
    await expect(stack.resolver.openForRead('g', Buffer.from('sub/loop/sub/loop/real.txt'))).resolves.toMatchObject({ relPath: Buffer.from('real.txt') });
    await expect(stack.resolver.openForRead('g', Buffer.from('../Outside/secret.txt'))).rejects.toThrow(/may not contain/);
  });

  it('keeps a hard link’s content unread unless all its names are inside granted folders', async () => {
    const outside = temp.folder('Outside');
    writeFileSync(join(outside, 'id_key'), 'unicornfish private key');
    const dir = temp.folder('Downloads');
    linkSync(join(outside, 'id_key'), join(dir, 'innocent.txt'));
    writeFileSync(join(dir, 'both-inside.txt'), 'platypus shared words');
    linkSync(join(dir, 'both-inside.txt'), join(dir, 'second-name.txt'));
    const root = temp.root('dl', 'Downloads', dir);
    stack = folderStack([root]);
    const indexer = stack.indexer(root);
    await indexer.fullScan('initial-scan');
    await indexer.whenContentIdle();

    expect(stack.index.get('dl', 'innocent.txt')).toMatchObject({ contentState: 'linked-outside', hash: null, contentNote: expect.stringMatching(/2 names \(hard links\)/) as unknown });
    expect(stack.index.search('unicornfish', { rootIds: ['dl'] })).toEqual([]);
    await expect(stack.resolver.openForRead('dl', Buffer.from('innocent.txt'))).rejects.toThrow(/hard links/);
    expect(stack.index.get('dl', 'both-inside.txt')?.hash).toBe(sha256('platypus shared words'));
    expect(stack.index.search('platypus', { rootIds: ['dl'] })).toHaveLength(2);
  });

  it('reports a folder it cannot enter and indexes the rest (a root-owned folder is only denied to others: see permissions.test.ts)', async () => {
    const dir = temp.folder('Mixed');
    writeTree(dir, { 'open/a.txt': 'a', 'locked/b.txt': 'b' });
    chmodSync(join(dir, 'locked'), 0o000);
    const root = temp.root('m', 'Mixed', dir);
    stack = folderStack([root]);
    const summary = await stack.indexer(root).fullScan('initial-scan');
    chmodSync(join(dir, 'locked'), 0o755);
    expect(stack.index.get('m', 'open/a.txt')).not.toBeNull();
    if (process.getuid?.() === 0) {
      // Root reads through permission bits: nothing to report here.
      expect(summary.problems).toEqual([]);
    } else {
      expect(summary.problems.map((p) => p.message)).toEqual([expect.stringMatching(/locked.*permission denied/) as unknown]);
    }
  });
});
