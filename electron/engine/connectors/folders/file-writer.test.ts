/**
 * The folders connector's writes on real folders, with real tickets from a real gate: create,
 * move, rename and trash, each undone; nothing overwritten, nothing written outside the granted
 * folders whatever the links say, nothing done without a live ticket; and after a crash in the
 * middle of a multi-file move (a child process killed with SIGKILL), every file in exactly one place.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../../db/database.js';
import { FileWriter, type MoveRequest } from './file-writer.js';
import { FOLDERS_MIGRATIONS } from './migrations.js';
import { MoveJournal } from './move-journal.js';
import { DestinationTakenError, moveNoReplace } from './no-replace.js';
import { ScopeResolver } from './scope-resolver.js';
import type { FolderRoot } from './scopes.js';
import { spawnScript } from './testing/child-process.js';
import { fileGate, FOLDERS_ACCOUNT, type FileGate } from './testing/file-gate.js';
import { tempFolders, writeTree, type TempFolders } from './testing/temp-folders.js';
import { waitFor } from './testing/wait-for.js';

// A private home for the whole file, set before anything loads: the `trash` package reads
// $XDG_DATA_HOME once, when it first runs, and the real Trash must never see these tests.
const trashHome = await vi.hoisted(async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'steward-trash-home-')));
  process.env.HOME = home;
  process.env.XDG_DATA_HOME = path.join(home, '.local', 'share');
  return home;
});
afterAll(() => execFileSync('rm', ['-rf', trashHome]));

let temp: TempFolders;
let db: Db;
let gate: FileGate;
let downloads: string;
let documents: string;
let outside: string;
let roots: FolderRoot[];
let writer: FileWriter;

function makeWriter(resolver = new ScopeResolver(roots)): FileWriter {
  return new FileWriter({ resolver, journal: new MoveJournal(db), accountId: FOLDERS_ACCOUNT, rootName: (id) => roots.find((r) => r.id === id)?.name ?? id });
}

beforeEach(() => {
  temp = tempFolders();
  execFileSync('rm', ['-rf', join(trashHome, '.local')]);
  downloads = temp.folder('Downloads');
  documents = temp.folder('Documents');
  outside = temp.folder('Outside');
  roots = [temp.root('dl', 'Downloads', downloads), temp.root('docs', 'Documents', documents)];
  db = openDatabase(':memory:', FOLDERS_MIGRATIONS);
  gate = fileGate();
  writer = makeWriter();
});
afterEach(() => {
  db.close();
  temp.cleanup();
});

const files = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);
const moveAll = (names: readonly string[], toFolder: string): MoveRequest[] => names.map((name) => ({ from: { rootId: 'dl', path: name }, toFolder: { rootId: 'dl', path: toFolder } }));

describe('moving files', () => {
  it('moves files into a new folder as one action, and undo puts every file back and removes the folder', async () => {
    const names = ['a.pdf', 'b.zip', 'c (1).pdf'];
    writeTree(downloads, Object.fromEntries(names.map((n) => [n, `content of ${n}`])));
    const outcome = await writer.move(gate.approve('files.move', 'tidy'), 'files.move', 'tidy', moveAll(names, 'Old 2026-11'), { createFolders: true });
    expect(outcome.summary).toBe('Moved 3 files to Downloads/Old 2026-11');
    expect(outcome.notDone).toEqual([]);
    expect(files(downloads)).toEqual(['Old 2026-11']);
    expect(files(join(downloads, 'Old 2026-11'))).toEqual(names.sort());
    expect(readFileSync(join(downloads, 'Old 2026-11', 'a.pdf'), 'utf8')).toBe('content of a.pdf');

    const undone = await writer.undo(gate.undo('files.move', 'tidy'), 'files.move', 'tidy');
    expect(undone.summary).toBe('Moved back 3 files');
    expect(files(downloads)).toEqual(names.sort());
  });

  it('keeps a file’s times and inode (a move, not a copy)', async () => {
    writeTree(downloads, { 'x.txt': { content: 'x', mtime: new Date('2025-01-02T03:04:05Z') } });
    const before = lstatSync(join(downloads, 'x.txt'));
    await writer.move(gate.approve('files.move', 'm'), 'files.move', 'm', [{ from: { rootId: 'dl', path: 'x.txt' }, toFolder: { rootId: 'docs', path: '' } }]);
    const after = lstatSync(join(documents, 'x.txt'));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('undo refuses to overwrite what appeared at the old place since, finishes once the way is clear, then has nothing left to do', async () => {
    writeTree(downloads, { 'report.pdf': 'original', 'notes.txt': 'notes' });
    await writer.move(gate.approve('files.move', 'm'), 'files.move', 'm', moveAll(['report.pdf', 'notes.txt'], 'Old'), { createFolders: true });
    writeFileSync(join(downloads, 'report.pdf'), 'a new download with the same name');

    const first = await writer.undo(gate.undo('files.move', 'm'), 'files.move', 'm');
    expect(first.summary).toMatch(/^Moved back 1 of 2 files\. Not done: report\.pdf: Something now exists at its destination; Steward never overwrites\./);
    expect(readFileSync(join(downloads, 'report.pdf'), 'utf8')).toBe('a new download with the same name');
    expect(readFileSync(join(downloads, 'Old', 'report.pdf'), 'utf8')).toBe('original');
    expect(files(downloads)).toEqual(['Old', 'notes.txt', 'report.pdf']);

    writeFileSync(join(downloads, 'elsewhere.pdf'), readFileSync(join(downloads, 'report.pdf')));
    execFileSync('rm', [join(downloads, 'report.pdf')]);
    const second = await writer.undo(gate.undo('files.move', 'm'), 'files.move', 'm');
    expect(readFileSync(join(downloads, 'report.pdf'), 'utf8')).toBe('original');
    expect(second.done.length).toBe(2);
    expect(files(downloads)).toEqual(['elsewhere.pdf', 'notes.txt', 'report.pdf']);
    const third = await writer.undo(gate.undo('files.move', 'm'), 'files.move', 'm');
    expect(third.notDone).toEqual([]);
    expect(files(downloads)).toEqual(['elsewhere.pdf', 'notes.txt', 'report.pdf']);
  });

  it('moves nothing when any destination is taken, and says which', async () => {
    writeTree(downloads, { 'a.txt': 'a', 'b.txt': 'b', 'Old/b.txt': 'already there' });
    await expect(writer.move(gate.approve('files.move', 'm'), 'files.move', 'm', moveAll(['a.txt', 'b.txt'], 'Old'))).rejects.toThrow(
      'Nothing was moved: Downloads/Old/b.txt already exists. Steward never overwrites; choose another name or folder.',
    );
    expect(files(downloads)).toEqual(['Old', 'a.txt', 'b.txt']);
    expect(readFileSync(join(downloads, 'Old', 'b.txt'), 'utf8')).toBe('already there');
  });

  it('never replaces a destination, even one that appears at the last moment (link(2) fails, rename is not used)', async () => {
    writeTree(downloads, { 'a.txt': 'mine', 'b.txt': 'theirs', 'dir1/x': '1', 'dir2/y': '2' });
    const raw = (p: string) => Buffer.from(join(downloads, p));
    await expect(moveNoReplace(raw('a.txt'), raw('b.txt'), 'file')).rejects.toBeInstanceOf(DestinationTakenError);
    await expect(moveNoReplace(raw('dir1'), raw('dir2'), 'dir')).rejects.toBeInstanceOf(DestinationTakenError);
    expect([readFileSync(join(downloads, 'a.txt'), 'utf8'), readFileSync(join(downloads, 'b.txt'), 'utf8')]).toEqual(['mine', 'theirs']);
    expect(files(join(downloads, 'dir2'))).toEqual(['y']);
  });

  it('renames, and undo renames back; refuses names that are not names', async () => {
    writeTree(downloads, { 'IMG_0001.jpg': 'jpeg' });
    const outcome = await writer.rename(gate.approve('files.rename', 'r'), 'r', { rootId: 'dl', path: 'IMG_0001.jpg' }, 'Beach 2026.jpg');
    expect(outcome.summary).toBe('Moved 1 file to Downloads');
    expect(files(downloads)).toEqual(['Beach 2026.jpg']);
    await writer.undo(gate.undo('files.rename', 'r'), 'files.rename', 'r');
    expect(files(downloads)).toEqual(['IMG_0001.jpg']);
    for (const bad of ['../escape.jpg', 'a/b.jpg', '..', '']) {
      await expect(writer.rename(gate.approve('files.rename', `bad-${bad}`), `bad-${bad}`, { rootId: 'dl', path: 'IMG_0001.jpg' }, bad)).rejects.toThrow(/name|path/);
    }
    expect(files(downloads)).toEqual(['IMG_0001.jpg']);
  });

  it('moves a file whose name is not valid UTF-8, by its exact bytes, and back', async () => {
    const name = Buffer.from([0x72, 0xe9, 0x73, 0x75, 0x6d, 0xe9, 0x2e, 0x74, 0x78, 0x74]); // "résumé.txt" in Latin-1
    writeFileSync(Buffer.concat([Buffer.from(downloads + '/'), name]), 'cv');
    const { keyOfRaw } = await import('../../items/file/path-key.js');
    await writer.move(gate.approve('files.move', 'odd'), 'files.move', 'odd', [{ from: { rootId: 'dl', path: keyOfRaw(name) }, toFolder: { rootId: 'docs', path: '' } }]);
    expect(readdirSync(documents, { encoding: 'buffer' })).toEqual([name]);
    await writer.undo(gate.undo('files.move', 'odd'), 'files.move', 'odd');
    expect(readdirSync(downloads, { encoding: 'buffer' })).toEqual([name]);
  });
});

describe('nothing outside the granted folders', () => {
  it.each([
    ['a relative path climbing out', { from: { rootId: 'dl', path: '../Outside/secret.txt' }, toFolder: { rootId: 'dl', path: '' } }, /may not contain/],
    ['a source reached through a link to outside', { from: { rootId: 'dl', path: 'out-link/secret.txt' }, toFolder: { rootId: 'dl', path: '' } }, /outside the folders you granted/],
    ['a destination folder that is a link to outside', { from: { rootId: 'dl', path: 'mine.txt' }, toFolder: { rootId: 'dl', path: 'out-link' } }, /outside the folders you granted/],
    ['a folder that is not granted', { from: { rootId: 'dl', path: 'mine.txt' }, toFolder: { rootId: 'nope', path: '' } }, /No granted folder has the id nope/],
  ])('refuses %s, and nothing moves', async (_name, request, message) => {
    writeTree(outside, { 'secret.txt': 'secret' });
    writeTree(downloads, { 'mine.txt': 'mine' });
    symlinkSync(outside, join(downloads, 'out-link'));
    await expect(writer.move(gate.approve('files.move', 'x'), 'files.move', 'x', [request])).rejects.toThrow(message);
    expect(files(outside)).toEqual(['secret.txt']);
    expect(files(downloads)).toEqual(['mine.txt', 'out-link']);
  });

  it('moves and trashes a link as a link: its target outside is never touched', async () => {
    writeTree(outside, { 'secret.txt': 'secret' });
    symlinkSync(join(outside, 'secret.txt'), join(downloads, 'shortcut'));
    await writer.move(gate.approve('files.move', 'l'), 'files.move', 'l', [{ from: { rootId: 'dl', path: 'shortcut' }, toFolder: { rootId: 'docs', path: '' } }]);
    expect(readlinkSync(join(documents, 'shortcut'))).toBe(join(outside, 'secret.txt'));
    await writer.trash(gate.approve('files.trash', 't'), 't', [{ rootId: 'docs', path: 'shortcut' }]);
    expect(files(documents)).toEqual([]);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  });

  it('moves a hard-linked file by its name inside; the other name and the content stay as they were', async () => {
    writeTree(outside, { 'shared.txt': 'shared' });
    linkSync(join(outside, 'shared.txt'), join(downloads, 'shared.txt'));
    await writer.move(gate.approve('files.move', 'h'), 'files.move', 'h', [{ from: { rootId: 'dl', path: 'shared.txt' }, toFolder: { rootId: 'docs', path: '' } }]);
    expect(files(downloads)).toEqual([]);
    expect(readFileSync(join(documents, 'shared.txt'), 'utf8')).toBe('shared');
    expect(readFileSync(join(outside, 'shared.txt'), 'utf8')).toBe('shared');
  });

  it('refuses when a granted folder itself was replaced by a link to somewhere else', async () => {
    writeTree(downloads, { 'a.txt': 'a' });
    execFileSync('mv', [downloads, `${downloads}-real`]);
    symlinkSync(outside, downloads);
    writeTree(outside, { 'a.txt': 'outside a' });
    await expect(writer.trash(gate.approve('files.trash', 's'), 's', [{ rootId: 'dl', path: 'a.txt' }])).rejects.toThrow(/now leads to .*Outside instead of/);
    expect(files(outside)).toEqual(['a.txt']);
  });
});

describe('tickets', () => {
  beforeEach(() => writeTree(downloads, { 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c' }));

  it.each([
    ['a forged ticket', () => ({ actionId: 't', capability: 'files.move', accountId: FOLDERS_ACCOUNT, purpose: 'execute', signal: new AbortController().signal }) as never, /no ticket from the gate/],
    ['a ticket for another capability', () => gate.approve('files.trash', 't'), /ticket is for files.trash/],
    ['a ticket for another account', () => gate.approve('files.move', 't', 'someone-else'), /another account/],
  ])('refuses %s before anything changes', async (_name, ticket, message) => {
    const outcome = await writer.move(ticket(), 'files.move', 't', moveAll(['a.txt'], 'Old'), { createFolders: true });
    expect(outcome.done).toEqual([]);
    expect(outcome.summary).toMatch(message);
    expect(files(downloads)).toEqual(['a.txt', 'b.txt', 'c.txt']);
  });

  it('stops between files the moment Steward is paused, and says which files did not move', async () => {
    // Pause once the first file has arrived, as the user would from the tray.
    const resolver = new (class extends ScopeResolver {
      override async newEntry(...args: Parameters<ScopeResolver['newEntry']>) {
        if (existsSync(join(downloads, 'Old', 'a.txt'))) gate.parts.killSwitch.pause('user:test');
        return super.newEntry(...args);
      }
    })(roots);
    const pausable = makeWriter(resolver);
    const outcome = await pausable.move(gate.approve('files.move', 'p'), 'files.move', 'p', moveAll(['a.txt', 'b.txt', 'c.txt'], 'Old'), { createFolders: true });
    expect(outcome.done.map((step) => step.from?.path)).toEqual(['a.txt']);
    expect(outcome.notDone.map((step) => [step.from?.path, step.reason])).toEqual([
      ['b.txt', 'Steward stopped before it got to this file (paused, or the app was closed).'],
      ['c.txt', 'Steward stopped before it got to this file (paused, or the app was closed).'],
    ]);
    expect(files(downloads).length + files(join(downloads, 'Old')).length).toBe(4); // every file in exactly one place (+ the folder)
  });
});

describe('the Trash', () => {
  it('moves a file to the system Trash (freedesktop spec, no desktop needed) and undo brings it back', async () => {
    writeTree(downloads, { 'report (1).pdf': 'copy', 'report.pdf': 'original' });
    const outcome = await writer.trash(gate.approve('files.trash', 'dup'), 'dup', [{ rootId: 'dl', path: 'report (1).pdf' }]);
    expect(outcome.summary).toBe('Moved to the Trash 1 file');
    expect(files(downloads)).toEqual(['report.pdf']);
    const trash = join(trashHome, '.local', 'share', 'Trash');
    const [info] = files(join(trash, 'info'));
    expect(readFileSync(join(trash, 'info', info ?? ''), 'utf8')).toContain(`Path=${encodeURI(join(downloads, 'report (1).pdf'))}`);

    const undone = await writer.undo(gate.undo('files.trash', 'dup'), 'files.trash', 'dup');
    expect(undone.summary).toBe('Put back from the Trash 1 file');
    expect(readFileSync(join(downloads, 'report (1).pdf'), 'utf8')).toBe('copy');
    expect(files(join(trash, 'files'))).toEqual([]);
    expect(files(join(trash, 'info'))).toEqual([]);
  });

  it('undo of a trash refuses to overwrite a file that took the old place, and says when the Trash was emptied', async () => {
    writeTree(downloads, { 'a.txt': 'a', 'b.txt': 'b' });
    await writer.trash(gate.approve('files.trash', 't'), 't', [
      { rootId: 'dl', path: 'a.txt' },
      { rootId: 'dl', path: 'b.txt' },
    ]);
    writeFileSync(join(downloads, 'a.txt'), 'newer a');
    execFileSync('rm', ['-rf', join(trashHome, '.local', 'share', 'Trash', 'files')]);
    const undone = await writer.undo(gate.undo('files.trash', 't'), 'files.trash', 't');
    expect(undone.done).toEqual([]);
    expect(undone.notDone.map((s) => s.reason)).toEqual([expect.stringMatching(/no longer in the Trash/) as unknown, expect.stringMatching(/no longer in the Trash|Something now exists/) as unknown]);
    expect(readFileSync(join(downloads, 'a.txt'), 'utf8')).toBe('newer a');
  });

  it('refuses to trash a name that is not valid text, in words', async () => {
    const name = Buffer.from([0x61, 0xff]);
    writeFileSync(Buffer.concat([Buffer.from(downloads + '/'), name]), 'x');
    const { keyOfRaw } = await import('../../items/file/path-key.js');
    const outcome = await writer.trash(gate.approve('files.trash', 'bad'), 'bad', [{ rootId: 'dl', path: keyOfRaw(name) }]);
    expect(outcome.notDone[0]?.reason).toMatch(/not valid text \(UTF-8\).*rename it first/);
    expect(readdirSync(downloads, { encoding: 'buffer' })).toEqual([name]);
  });
});

describe('creating files', () => {
  it('creates a new file, never over an existing one, and undo sends it to the Trash if nobody changed it', async () => {
    const outcome = await writer.create(gate.approve('files.create', 'c'), 'c', { rootId: 'docs', path: 'Notes' }, 'summary.md', '# Summary\n').catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(Error); // the folder does not exist
    mkdirSync(join(documents, 'Notes'));
    const created = await writer.create(gate.approve('files.create', 'c2'), 'c2', { rootId: 'docs', path: 'Notes' }, 'summary.md', '# Summary\n');
    expect(created.summary).toBe('Created Documents/Notes/summary.md');
    expect(readFileSync(join(documents, 'Notes', 'summary.md'), 'utf8')).toBe('# Summary\n');
    expect(files(join(documents, 'Notes'))).toEqual(['summary.md']);
    await expect(writer.create(gate.approve('files.create', 'c3'), 'c3', { rootId: 'docs', path: 'Notes' }, 'summary.md', 'other')).rejects.toThrow(/already exists\. Steward never overwrites/);

    await writer.undo(gate.undo('files.create', 'c2'), 'files.create', 'c2');
    expect(files(join(documents, 'Notes'))).toEqual([]);
    expect(files(join(trashHome, '.local', 'share', 'Trash', 'files'))).toHaveLength(1);
  });

  it('leaves a created file that was edited since, and says so', async () => {
    await writer.create(gate.approve('files.create', 'c'), 'c', { rootId: 'docs', path: '' }, 'draft.md', 'v1');
    writeFileSync(join(documents, 'draft.md'), 'v2, the user’s edit');
    const undone = await writer.undo(gate.undo('files.create', 'c'), 'files.create', 'c');
    expect(undone.notDone[0]?.reason).toMatch(/changed after Steward created it/);
    expect(readFileSync(join(documents, 'draft.md'), 'utf8')).toBe('v2, the user’s edit');
  });
});

describe('after a crash', () => {
  it('finishes a move cut between link and unlink: the file has one name again, at the destination', async () => {
    writeTree(downloads, { 'a.txt': 'a', 'b.txt': 'b' });
    const journal = new MoveJournal(db);
    const [stepA, stepB] = journal.plan('crashed', 'execute', ['a.txt', 'b.txt'].map((name) => {
      const stats = lstatSync(join(downloads, name), { bigint: true });
      return { op: 'move', fromRoot: 'dl', fromRel: Buffer.from(name), fromAbs: Buffer.from(join(downloads, name)), toRoot: 'docs', toRel: Buffer.from(name), toAbs: Buffer.from(join(documents, name)), dev: stats.dev.toString(), ino: stats.ino.toString(), size: 1, hash: null, tempAbs: null, refSeq: null } as const;
    }));
    if (!stepA || !stepB) throw new Error('not planned');
    // a.txt: the process died after link(2), before unlink(2). b.txt: it died just after marking the step started.
    journal.mark(stepA, 'started');
    linkSync(join(downloads, 'a.txt'), join(documents, 'a.txt'));
    journal.mark(stepB, 'started');

    const [outcome] = await makeWriter().recover();
    expect(outcome?.done.map((s) => s.from?.path)).toEqual(['a.txt']);
    expect(outcome?.notDone.map((s) => s.from?.path)).toEqual(['b.txt']);
    expect(files(downloads)).toEqual(['b.txt']);
    expect(files(documents)).toEqual(['a.txt']);
    expect(await makeWriter().recover()).toEqual([]);
    // What moved can be undone like any action.
    await makeWriter().undo(gate.undo('files.move', 'crashed'), 'files.move', 'crashed');
    expect(files(downloads)).toEqual(['a.txt', 'b.txt']);
  });

  it('leaves every file in exactly one place when the process moving them is killed (SIGKILL) mid-way', async () => {
    const count = 400;
    const folder = temp.folder('Crash');
    writeTree(folder, Object.fromEntries(Array.from({ length: count }, (_, i) => [`from/file-${String(i).padStart(4, '0')}.txt`, `content ${i}`])));
    const databaseFile = join(temp.base, 'crash.db');
    openDatabase(databaseFile, FOLDERS_MIGRATIONS).close();
    const child = spawnScript('./crash-mover.ts', [databaseFile, folder]);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    const progress = () => {
      const reader = new Database(databaseFile, { readonly: true });
      try {
        return (reader.prepare("SELECT count(*) AS n FROM file_journal WHERE state = 'done' AND op = 'move'").get() as { n: number }).n;
      } finally {
        reader.close();
      }
    };
    await waitFor('the child to be part-way through', () => progress() >= count / 4, 60_000).catch((error: unknown) => {
      throw new Error(`${String(error)}; child said: ${stderr}`);
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const crashDb = openDatabase(databaseFile, FOLDERS_MIGRATIONS);
    try {
      const crashRoots = [temp.root('r', 'Downloads', folder)];
      const recovering = new FileWriter({ resolver: new ScopeResolver(crashRoots), journal: new MoveJournal(crashDb), accountId: FOLDERS_ACCOUNT, rootName: () => 'Downloads' });
      const [outcome] = await recovering.recover();
      if (!outcome) throw new Error('nothing to recover');
      const from = new Set(files(join(folder, 'from')));
      const to = new Set(files(join(folder, 'to')));
      // Every file in exactly one place, and the journal knows which.
      for (let i = 0; i < count; i++) {
        const name = `file-${String(i).padStart(4, '0')}.txt`;
        expect(Number(from.has(name)) + Number(to.has(name)), name).toBe(1);
      }
      expect(outcome.done.length).toBe(to.size);
      expect(outcome.done.length + outcome.notDone.length).toBe(count);
      expect(outcome.done.length).toBeLessThan(count);
      expect(files(join(folder, 'to')).every((name) => readFileSync(join(folder, 'to', name), 'utf8') === `content ${Number(name.slice(5, 9))}`)).toBe(true);
      // And undo takes back exactly what moved.
      await recovering.undo(gate.undo('files.move', 'crash-action'), 'files.move', 'crash-action');
      expect(files(join(folder, 'from'))).toHaveLength(count);
      expect(existsSync(join(folder, 'to'))).toBe(false);
    } finally {
      crashDb.close();
    }
  }, 120_000);
});

const canMount = process.platform === 'linux' && process.getuid?.() === 0;
describe.skipIf(!canMount)('between drives (needs root to mount a tmpfs)', () => {
  it('copies, checks, then unlinks the original; undo does the same the other way', async () => {
    const usb = temp.folder('USB');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', usb]);
    try {
      roots = [...roots, temp.root('usb', 'USB', usb)];
      writer = makeWriter();
      writeTree(downloads, { 'movie-notes.txt': { content: 'notes', mtime: new Date('2025-06-01T00:00:00Z') } });
      const outcome = await writer.move(gate.approve('files.move', 'x'), 'files.move', 'x', [{ from: { rootId: 'dl', path: 'movie-notes.txt' }, toFolder: { rootId: 'usb', path: 'Archive' } }], { createFolders: true });
      expect(outcome.notDone).toEqual([]);
      expect(files(downloads)).toEqual([]);
      expect(readFileSync(join(usb, 'Archive', 'movie-notes.txt'), 'utf8')).toBe('notes');
      expect(lstatSync(join(usb, 'Archive', 'movie-notes.txt')).mtime.toISOString()).toBe('2025-06-01T00:00:00.000Z');
      expect(files(join(usb, 'Archive'))).toEqual(['movie-notes.txt']); // no temporary copy left behind
      await writer.undo(gate.undo('files.move', 'x'), 'files.move', 'x');
      expect(files(downloads)).toEqual(['movie-notes.txt']);
      expect(files(usb)).toEqual([]);
    } finally {
      execFileSync('umount', ['-l', usb]);
    }
  });
});
