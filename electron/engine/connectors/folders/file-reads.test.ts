import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesSearch, readFileText } from './file-reads.js';
import { docxOf } from './testing/documents.js';
import { folderStack, type FolderStack } from './testing/folder-stack.js';
import { tempFolders, writeTree, type TempFolders } from './testing/temp-folders.js';

let temp: TempFolders;
let stack: FolderStack;
beforeEach(() => {
  temp = tempFolders();
});
afterEach(async () => {
  await stack.close();
  temp.cleanup();
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
    stack = folderStack(roots);
    for (const root of roots) {
      const indexer = stack.indexer(root);
      await indexer.fullScan('initial-scan');
      await indexer.whenContentIdle();
    }

    const results = filesSearch(stack.index, new Map([['docs', 'Documents']]), { query: 'narwhal' });
    expect(results.map((r) => [r.rootName, r.displayPath]).sort()).toEqual([
      ['Documents', 'minutes.docx'],
      ['Documents', 'plan.md'],
    ]);
    expect(() => filesSearch(stack.index, new Map(), { query: '' })).toThrow(/say what to look for/);

    const plan = await readFileText(stack.resolver, stack.documents, 'docs', 'plan.md', 100);
    expect(plan).toMatchObject({ ok: true, truncated: true });
    expect(plan.ok && plan.text).toHaveLength(100);
    expect(await readFileText(stack.resolver, stack.documents, 'docs', 'minutes.docx')).toEqual({ ok: true, displayPath: 'minutes.docx', text: 'Minutes: the narwhal launch moves to June.', truncated: false });
    expect(await readFileText(stack.resolver, stack.documents, 'docs', 'link.txt')).toEqual({ ok: false, displayPath: 'link.txt', reason: expect.stringMatching(/outside the folders you granted/) as unknown });
    expect(await readFileText(stack.resolver, stack.documents, 'docs', '../Outside/secret.txt')).toEqual({ ok: false, displayPath: '../Outside/secret.txt', reason: expect.stringMatching(/may not contain/) as unknown });
  });
});
