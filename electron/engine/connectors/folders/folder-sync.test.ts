/**
 * Watching real folders with @parcel/watcher: changes arrive, storms settle into an index that
 * matches the disk, and a granted folder that is renamed, deleted or unmounted is reported in
 * words and picked up again when it comes back.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyOfRaw } from '../../items/file/path-key.js';
import type { FolderStatus, FolderSync } from './folder-sync.js';
import { folderStack, type FolderStack } from './testing/folder-stack.js';
import { tempFolders, writeTree, type TempFolders } from './testing/temp-folders.js';
import { waitFor } from './testing/wait-for.js';

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

/** Every entry on disk under `dir` (what the index should hold), as path keys. */
function onDisk(dir: string): string[] {
  const out = [''];
  const visit = (rel: Buffer) => {
    for (const entry of readdirSync(Buffer.concat([Buffer.from(dir + '/'), rel]), { withFileTypes: true, encoding: 'buffer' })) {
      const child = rel.length === 0 ? entry.name : Buffer.concat([rel, Buffer.from('/'), entry.name]);
      out.push(keyOfRaw(child));
      if (entry.isDirectory()) visit(child);
    }
  };
  visit(Buffer.alloc(0));
  return out.sort();
}

function indexed(stack: FolderStack, rootId: string): string[] {
  return [...stack.index.stamps(rootId).keys()].map((latin1) => keyOfRaw(Buffer.from(latin1, 'latin1'))).sort();
}

/** Waits for the index to match the disk; on a timeout, says what differs. */
async function indexMatchesDisk(stack: FolderStack, rootId: string, dir: string, timeoutMs: number): Promise<void> {
  try {
    await waitFor('the index to match the disk', () => JSON.stringify(indexed(stack, rootId)) === JSON.stringify(onDisk(dir)), timeoutMs);
  } catch (error) {
    const index = new Set(indexed(stack, rootId));
    const disk = new Set(onDisk(dir));
    const onlyIndex = [...index].filter((p) => !disk.has(p)).slice(0, 10);
    const onlyDisk = [...disk].filter((p) => !index.has(p)).slice(0, 10);
    throw new Error(`${String(error)}: only in the index ${JSON.stringify(onlyIndex)}, only on disk ${JSON.stringify(onlyDisk)}`, { cause: error });
  }
}

async function startWatching(sync: FolderSync): Promise<void> {
  sync.start();
  await waitFor('the folder to be watched', () => sync.current.state === 'watching', 30_000);
}

const stateOf = (sync: FolderSync): FolderStatus['state'] => sync.current.state;

describe('watching a granted folder', () => {
  it('sees a new file, an edit and a deletion, and reads the new content', async () => {
    const dir = temp.folder('Notes');
    writeTree(dir, { 'a.md': 'first' });
    const root = temp.root('n', 'Notes', dir);
    stack = folderStack([root]);
    const sync = stack.sync(root);
    await startWatching(sync);
    expect(indexed(stack, 'n')).toEqual(['', 'a.md']);

    writeFileSync(join(dir, 'b.md'), 'kangaroo court notes');
    await waitFor('b.md to be searchable', () => stack?.index.search('kangaroo', { rootIds: ['n'] }).length === 1, 10_000);
    writeFileSync(join(dir, 'a.md'), 'first, edited with wombats');
    await waitFor('the edit to be searchable', () => stack?.index.search('wombats', { rootIds: ['n'] }).length === 1, 10_000);
    rmSync(join(dir, 'b.md'));
    await waitFor('b.md to be gone', () => stack?.index.get('n', 'b.md') === null, 10_000);
    const kinds = stack.changes.filter((c) => c.origin === 'events').map((c) => `${c.change.kind} ${c.change.item.path}`);
    expect(kinds).toEqual(expect.arrayContaining(['new b.md', 'changed a.md', 'gone b.md']));
  });

  it('takes in a folder moved in with its contents, names that are not UTF-8, and a new link loop', async () => {
    const dir = temp.folder('Inbox');
    const elsewhere = temp.folder('Elsewhere');
    writeTree(elsewhere, { 'project/a.txt': 'a', 'project/deep/b.txt': 'b' });
    const root = temp.root('i', 'Inbox', dir);
    stack = folderStack([root]);
    const sync = stack.sync(root);
    await startWatching(sync);

    renameSync(join(elsewhere, 'project'), join(dir, 'project'));
    const odd = Buffer.concat([Buffer.from(dir + '/'), Buffer.from([0x66, 0xff, 0x2e, 0x74, 0x78, 0x74])]);
    writeFileSync(odd, 'odd');
    mkdirSync(join(dir, 'loops'));
    symlinkSync('..', join(dir, 'loops', 'up'));
    await indexMatchesDisk(stack, 'i', dir, 15_000);
    expect(indexed(stack, 'i')).toContain('project/deep/b.txt');
    expect(stack.index.get('i', keyOfRaw(Buffer.from([0x66, 0xff, 0x2e, 0x74, 0x78, 0x74])))).toMatchObject({ type: 'file' });
    expect(stack.index.get('i', 'loops/up')).toMatchObject({ type: 'symlink' });
  });

  it('follows a rename storm to an index that matches the disk exactly', async () => {
    const dir = temp.folder('Storm');
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`d${i % 10}/f${i}.txt`] = `file ${i}`;
    writeTree(dir, files);
    const root = temp.root('s', 'Storm', dir);
    stack = folderStack([root]);
    const sync = stack.sync(root);
    await startWatching(sync);

    // Each file renamed three times, folders renamed under them, some files moved across folders.
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 300; i++) {
        const folder = join(dir, `d${i % 10}`);
        const from = join(folder, round === 0 ? `f${i}.txt` : `f${i}-r${round - 1}.txt`);
        renameSync(from, join(folder, `f${i}-r${round}.txt`));
      }
    }
    for (let d = 0; d < 10; d += 2) renameSync(join(dir, `d${d}`), join(dir, `renamed-${d}`));
    for (let i = 1; i < 300; i += 10) renameSync(join(dir, 'd1', `f${i}-r2.txt`), join(dir, 'd3', `moved-${i}.txt`));
    await indexMatchesDisk(stack, 's', dir, 30_000);
    expect(indexed(stack, 's').filter((p) => p.endsWith('.txt'))).toHaveLength(300);
  }, 60_000);

  it('rescans instead of listing when a storm is too big to list, and still ends up exact', async () => {
    const dir = temp.folder('Flood');
    // The folders exist before watching starts, so each new file is an event of its own (a new
    // folder's files may arrive as one event for the folder).
    for (let b = 0; b < 20; b++) mkdirSync(join(dir, `batch${b}`));
    const root = temp.root('f', 'Flood', dir);
    stack = folderStack([root]);
    const sync = stack.sync(root, { coalescer: { maxPaths: 200 } });
    await startWatching(sync);
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`batch${i % 20}/file-${i}.txt`] = String(i);
    writeTree(dir, files);
    await indexMatchesDisk(stack, 'f', dir, 30_000);
    expect(stack.events.some((e) => e.type === 'scanned' && e.summary.origin === 'rescan')).toBe(true);
  }, 60_000);

  it('drops files a new .gitignore rule covers, and takes them back when the rule goes', async () => {
    const dir = temp.folder('Repo');
    writeTree(dir, { 'keep.txt': 'k', 'out/build.bin': 'b', 'notes.secret': 's' });
    const root = temp.root('r', 'Repo', dir);
    stack = folderStack([root]);
    const sync = stack.sync(root);
    await startWatching(sync);
    writeFileSync(join(dir, '.gitignore'), 'out/\n*.secret\n');
    await waitFor('ignored files to leave the index', () => JSON.stringify(indexed(stack as FolderStack, 'r')) === JSON.stringify(['', '.gitignore', 'keep.txt']), 10_000);
    rmSync(join(dir, '.gitignore'));
    await waitFor('them to come back', () => indexed(stack as FolderStack, 'r').length === 5, 10_000);
  });

  it('says in words when the folder is renamed, and watches again when it is back', async () => {
    const dir = temp.folder('Projects');
    writeTree(dir, { 'a.txt': 'a' });
    const root = temp.root('p', 'Projects', dir);
    stack = folderStack([root]);
    const sync = stack.sync(root);
    await startWatching(sync);

    renameSync(dir, `${dir}-old`);
    await waitFor('the rename to be noticed', () => stateOf(sync) === 'unavailable', 10_000);
    expect(sync.current).toMatchObject({ message: expect.stringMatching(/"Projects" \(.*\) was renamed to .*Projects-old\. Steward stopped watching it; grant the new location in Settings → Folders/) as unknown });
    expect(sync.available).toBe(false);
    writeFileSync(join(`${dir}-old`, 'written-while-away.txt'), 'x');
    renameSync(`${dir}-old`, dir);
    await waitFor('the folder to be watched again', () => stateOf(sync) === 'watching', 10_000);
    await waitFor('the file written meanwhile to be indexed', () => stack?.index.get('p', 'written-while-away.txt') !== null, 10_000);
    writeFileSync(join(dir, 'after.txt'), 'after');
    await waitFor('new changes to arrive', () => stack?.index.get('p', 'after.txt') !== null, 10_000);
  });

  it('says in words when the folder is deleted, and watches it again when it is made anew', async () => {
    const dir = temp.folder('Scratch');
    writeTree(dir, { 'a.txt': 'a', 'sub/b.txt': 'b' });
    const root = temp.root('x', 'Scratch', dir);
    stack = folderStack([root]);
    const sync = stack.sync(root);
    await startWatching(sync);

    rmSync(dir, { recursive: true });
    await waitFor('the deletion to be noticed', () => stateOf(sync) === 'unavailable', 10_000);
    expect(sync.current).toMatchObject({ message: expect.stringMatching(/"Scratch" \(.*\) was deleted or moved away/) as unknown });
    writeTree(dir, { 'fresh.txt': 'new' });
    await waitFor('the new folder to be watched', () => stateOf(sync) === 'watching', 10_000);
    await waitFor('the index to match the new folder', () => JSON.stringify(indexed(stack as FolderStack, 'x')) === JSON.stringify(['', 'fresh.txt']), 10_000);
  });

  it('refuses to follow the granted path when it now leads somewhere else', async () => {
    const dir = temp.folder('Docs');
    const elsewhere = temp.folder('NotGranted');
    writeTree(elsewhere, { 'private.txt': 'nope' });
    writeTree(dir, { 'a.txt': 'a' });
    const root = temp.root('d', 'Docs', dir);
    stack = folderStack([root]);
    const sync = stack.sync(root);
    await startWatching(sync);
    renameSync(dir, `${dir}-moved`);
    symlinkSync(elsewhere, dir);
    await waitFor('the swap to be noticed', () => stateOf(sync) === 'unavailable', 10_000);
    expect(sync.current).toMatchObject({ message: expect.stringMatching(/now leads to .*NotGranted/) as unknown });
    expect(stack.index.get('d', 'private.txt')).toBeNull();
  });

  const canMount = process.platform === 'linux' && process.getuid?.() === 0;
  it.skipIf(!canMount)('says in words when the drive is unmounted, and picks it up when it is mounted again (needs root to mount a tmpfs)', async () => {
    const mountPoint = temp.folder('USB');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountPoint]);
    try {
      writeTree(mountPoint, { 'photo.jpg': 'jpeg' });
      const root = temp.root('u', 'USB', mountPoint);
      stack = folderStack([root]);
      const sync = stack.sync(root);
      await startWatching(sync);
      // Steward reading a file on the drive at that moment would make it busy, as for any program.
      await sync.settled();
      execFileSync('umount', [mountPoint]);
      await waitFor('the unmount to be noticed', () => stateOf(sync) === 'unavailable', 10_000);
      expect(sync.current).toMatchObject({ message: expect.stringMatching(/"USB" \(.*\) is no longer mounted/) as unknown });
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountPoint]);
      writeTree(mountPoint, { 'other.jpg': 'jpeg' });
      await waitFor('the drive to be watched again', () => stateOf(sync) === 'watching', 10_000);
      await waitFor('the index to match the drive', () => JSON.stringify(indexed(stack as FolderStack, 'u')) === JSON.stringify(['', 'other.jpg']), 10_000);
    } finally {
      await stack?.close();
      stack = null;
      try {
        execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
      } catch {
        // Already unmounted.
      }
    }
  });
});
