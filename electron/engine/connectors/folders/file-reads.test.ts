import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesSearch, folderOfShown, readFileText, readFileTextById } from './file-reads.js';
import { docxOf } from './testing/documents.js';
import { folderStack, type FolderStack } from './testing/folder-stack.js';
import { tempFolders, writeTree, type TempFolders } from './testing/temp-folders.js';

let temp: TempFolders;
let stack: FolderStack | undefined;
beforeEach(() => {
  temp = tempFolders();
});
afterEach(async () => {
  await stack?.close();
  stack = undefined;
  temp.cleanup();
});

describe('folders as the user names them', () => {
  it.each([
    ['Documents', { rootId: 'd', path: '' }],
    ['Documents/Projects/Alpha', { rootId: 'd', path: 'Projects/Alpha' }],
    ['/Documents/Projects/', { rootId: 'd', path: 'Projects' }],
    ['My Docs/x', { rootId: 'm', path: 'x' }],
    ['Documents2/x', null],
    ['Elsewhere', null],
  ])('%s', (shown, expected) => {
    expect(folderOfShown(new Map([['d', 'Documents'], ['m', 'My Docs'], ['my', 'My']]), shown)).toEqual(expected);
  });
});

describe('files.read for the agent', () => {
  it('searches only the roots it is given, and reads text, Word documents and nothing outside', async () => {
    const docs = temp.folder('Documents');
    const other = temp.folder('Other');
    const outside = temp.folder('Outside');
    writeTree(docs, { 'plan.md': 'Launch plan for the narwhal project.\n'.repeat(100) });
    writeFileSync(join(docs, 'minutes.docx'), await docxOf(['Minutes: the narwhal launch moves to June.']));
    writeTree(other, { 'narwhal.txt': 'in a folder that is not available now' });
    writeTree(outside, { 'secret.txt': 'outside' });
    symlinkSync(join(outside, 'secret.txt'), join(docs, 'link.txt'));
    const roots = [temp.root('docs', 'Documents', docs), temp.root('other', 'Other', other)];
    const ready = folderStack(roots);
    stack = ready;
    for (const root of roots) {
      const indexer = ready.indexer(root);
      await indexer.fullScan('initial-scan');
      await indexer.whenContentIdle();
    }

    const available = new Map([['docs', 'Documents']]);
    const results = filesSearch(ready.index, available, { query: 'narwhal' });
    expect(results.map((r) => [r.shownPath, r.folder]).sort()).toEqual([
      ['Documents/minutes.docx', 'Documents'],
      ['Documents/plan.md', 'Documents'],
    ]);
    expect(filesSearch(ready.index, new Map([...available, ['other', 'Other']]), { query: 'narwhal', folder: 'Other' }).map((r) => r.shownPath)).toEqual(['Other/narwhal.txt']);
    expect(() => filesSearch(ready.index, available, { query: 'narwhal', folder: 'Nowhere/x' })).toThrow(/no connected folder called "Nowhere". The connected folders are: Documents/);
    const byId = await readFileTextById(ready.index, ready.resolver, ready.documents, results.find((r) => r.shownPath.endsWith('.docx'))?.fileId ?? '');
    expect(byId).toMatchObject({ ok: true, text: 'Minutes: the narwhal launch moves to June.' });
    expect(await readFileTextById(ready.index, ready.resolver, ready.documents, '99999')).toMatchObject({ ok: false, reason: expect.stringMatching(/no file with that id/) as unknown });

    const plan = await readFileText(ready.resolver, ready.documents, 'docs', 'plan.md', 100);
    expect(plan).toMatchObject({ ok: true, truncated: true });
    expect(plan.ok && plan.text).toHaveLength(100);
    expect(await readFileText(ready.resolver, ready.documents, 'docs', 'minutes.docx')).toEqual({ ok: true, displayPath: 'minutes.docx', text: 'Minutes: the narwhal launch moves to June.', truncated: false });
    expect(await readFileText(ready.resolver, ready.documents, 'docs', 'link.txt')).toEqual({ ok: false, displayPath: 'link.txt', reason: expect.stringMatching(/outside the folders you granted/) as unknown });
    expect(await readFileText(ready.resolver, ready.documents, 'docs', '../Outside/secret.txt')).toEqual({ ok: false, displayPath: '../Outside/secret.txt', reason: expect.stringMatching(/may not contain/) as unknown });
  });
});
