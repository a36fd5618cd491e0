/**
 * 100,000 files in a real folder: the first scan indexes and reads them all, a restart over the
 * same database reads none of them again, and the watcher over the whole tree still sees a
 * single new file. (Timings are the benchmark's business: bench/folders.bench.ts.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderStack, type FolderStack } from './testing/folder-stack.js';
import { tempFolders, type TempFolders } from './testing/temp-folders.js';
import { waitFor } from './testing/wait-for.js';

const FILES = 100_000;
const FOLDERS = 100;

let temp: TempFolders;
let dir: string;
let databaseFile: string;
beforeAll(() => {
  temp = tempFolders();
  dir = temp.folder('Archive');
  databaseFile = join(temp.base, 'index.db');
  for (let f = 0; f < FOLDERS; f++) mkdirSync(join(dir, `folder-${f}`));
  for (let i = 0; i < FILES; i++) writeFileSync(join(dir, `folder-${i % FOLDERS}`, `file-${i}.txt`), `file number ${i}`);
}, 600_000);
// Removing 100,000 files takes a while on a busy machine.
afterAll(() => temp.cleanup(), 600_000);

describe('a folder of 100,000 files', () => {
  let stack: FolderStack | null = null;
  afterAll(() => stack?.close());

  it('is scanned and read in full, then rescanned after a restart without reading anything again', async () => {
    const root = temp.root('a', 'Archive', dir);
    stack = folderStack([root], databaseFile);
    const first = stack.sync(root, { healthIntervalMs: 60_000 });
    first.start();
    await waitFor('the first scan', () => first.current.state === 'watching', 600_000);
    await first.settled();
    expect(stack.index.count('a', 'file')).toBe(FILES);
    expect(stack.index.count('a', 'dir')).toBe(FOLDERS + 1);
    expect(stack.index.pendingContent('a', 0, 1)).toEqual([]);
    expect(stack.contentRead.length).toBe(FILES);
    expect(stack.index.search('file number 99999', { rootIds: ['a'] }).map((hit) => hit.item.path)).toContain('folder-99/file-99999.txt');
    expect(stack.events.filter((e) => e.type === 'changes')).toEqual([]); // a first scan is one summary, not 100,000 observations
    await stack.close();

    stack = folderStack([root], databaseFile);
    const again = stack.sync(root, { healthIntervalMs: 60_000 });
    again.start();
    await waitFor('the rescan', () => again.current.state === 'watching', 600_000);
    await again.settled();
    const scanned = stack.events.find((e) => e.type === 'scanned');
    expect(scanned?.type === 'scanned' && scanned.summary).toMatchObject({ origin: 'rescan', files: FILES, added: 0, changed: 0, removed: 0 });
    expect(stack.contentRead).toEqual([]);

    writeFileSync(join(dir, 'folder-7', 'new.txt'), 'a new file among many');
    await waitFor('the new file', () => stack?.index.get('a', 'folder-7/new.txt')?.contentState === 'done', 60_000);
  }, 1_200_000);
});
