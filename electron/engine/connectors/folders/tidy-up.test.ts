/**
 * The whole path of a file suggestion on real folders, short of the engine's stores: the index
 * sees Downloads, a detector proposes, the planner makes the step, the gate asks and refuses
 * without approval, an approved step runs through the executor, and undo puts every file back.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredAccount } from '../../accounts/account-store.js';
import { duplicateDownloads } from '../../items/file/detectors/duplicate-downloads.js';
import { tidyDownloads } from '../../items/file/detectors/downloads-tidy.js';
import type { ExecutionContext } from '../types.js';
import { SqliteStepJournal } from '../../actions/step-journal.js';
import { systemClock } from '../../clock.js';
import { CredentialProvider } from '../../credentials/credential-provider.js';
import { openDatabase } from '../../db/database.js';
import { engineSchema } from '../../schema.js';
import { MemorySecretStore } from '../../secrets/memory-secret-store.js';
import { hashedFilesIn, tidyInputFor } from './detector-inputs.js';
import { createFileExecutors } from './file-executors.js';
import { planFileIntent, type PlannedFileStep } from './file-planner.js';
import { FileWriter } from './file-writer.js';
import { MoveJournal } from './move-journal.js';
import { fileGate, FOLDERS_ACCOUNT, type FileGate } from './testing/file-gate.js';
import { folderStack, type FolderStack } from './testing/folder-stack.js';
import { tempFolders, writeTree, type TempFolders } from './testing/temp-folders.js';
import { actors } from '../../gate/facts.js';

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
let stack: FolderStack;
let gate: FileGate;
let downloads: string;
const now = new Date('2026-11-25T09:00:00Z');
// File writes need no secret and no step journal; the executors get what any executor gets.
const context: ExecutionContext = {
  account: { id: FOLDERS_ACCOUNT } as StoredAccount,
  credentials: new CredentialProvider(new MemorySecretStore()).forAccount({ id: FOLDERS_ACCOUNT, email: '' }),
  ...(() => {
    const db = openDatabase(':memory:', engineSchema());
    return { journal: new SqliteStepJournal(db, systemClock), db };
  })(),
};

beforeEach(() => {
  temp = tempFolders();
  downloads = temp.folder('Downloads');
  gate = fileGate();
});
afterEach(async () => {
  await stack.close();
  temp.cleanup();
});

async function scanned(): Promise<{ root: ReturnType<TempFolders['root']>; executors: ReturnType<typeof createFileExecutors> }> {
  const root = temp.root('dl', 'Downloads', downloads);
  stack = folderStack([root]);
  const indexer = stack.indexer(root);
  await indexer.fullScan('initial-scan');
  await indexer.whenContentIdle();
  const writer = new FileWriter({ resolver: stack.resolver, journal: new MoveJournal(stack.db), accountId: FOLDERS_ACCOUNT, rootName: () => 'Downloads' });
  return { root, executors: createFileExecutors(() => writer) };
}

function gated(step: PlannedFileStep, actionId: string) {
  return { actionId, suggestionId: `s-${actionId}`, capability: step.capability, app: step.app, accountId: step.accountId, title: step.title, args: step.args };
}

describe('a file suggestion from detection to undo', () => {
  it('tidies Downloads only on approval, and undo puts every file back', async () => {
    const old = (days: number) => new Date(now.getTime() - days * 86_400_000);
    writeTree(downloads, {
      ...Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`statement-${i}.pdf`, { content: `pdf ${i}`, mtime: old(40 + i) }])),
      'fresh.pdf': { content: 'new', mtime: old(1) },
    });
    const { executors } = await scanned();
    const intent = tidyDownloads(tidyInputFor(stack.index, { rootId: 'dl', path: '' }, 'Downloads', now));
    if (!intent) throw new Error('no suggestion');
    expect(intent.title).toBe('Move 14 files older than 30 days from Downloads into Downloads/Old 2026-11');
    const [step] = planFileIntent(intent, FOLDERS_ACCOUNT, () => 'Downloads');
    if (!step) throw new Error('no step');
    expect(step.preview).toMatchObject({ kind: 'files-move', toFolder: 'Downloads/Old 2026-11', createsFolder: true });
    expect(step.preview.files).toHaveLength(14);

    // The gate asks, and will not run it without the user's yes.
    expect(gate.parts.gate.reviewProposal(gated(step, 'tidy'), actors.detector('test')).decision).toBe('ask');
    expect(() => gate.parts.gate.authorize(gated(step, 'tidy'), null, actors.engine())).toThrow(/needs your approval/);
    expect(readdirSync(downloads)).toHaveLength(15);

    const move = executors.find((e) => e.capability === 'files.move');
    const ticket = gate.parts.gate.authorize(gated(step, 'tidy'), actors.user('ui'), actors.user('ui'));
    const result = await move?.execute(ticket, step.args, context);
    expect(result?.summary).toBe('Moved 14 files to Downloads/Old 2026-11');
    expect(readdirSync(downloads).sort()).toEqual(['Old 2026-11', 'fresh.pdf']);
    expect(readdirSync(join(downloads, 'Old 2026-11'))).toHaveLength(14);
    // A retry of the same action (after a crash, say) does not move anything twice.
    expect((await move?.execute(gate.parts.gate.authorize(gated(step, 'tidy'), actors.user('ui'), actors.user('ui')), step.args, context))?.summary).toBe(result?.summary);

    const undone = await move?.undo(gate.parts.gate.authorizeUndo(gated(step, 'tidy'), actors.user('ui')), step.args, result?.undo, context);
    expect(undone?.summary).toBe('Moved back 14 files');
    expect(readdirSync(downloads)).toHaveLength(15);
    expect(readFileSync(join(downloads, 'statement-3.pdf'), 'utf8')).toBe('pdf 3');
  });

  it('trashes duplicate downloads on approval, keeps the originals, and brings the copies back on undo', async () => {
    writeTree(downloads, { 'report.pdf': 'same bytes', 'report (1).pdf': 'same bytes', 'report (2).pdf': 'same bytes', 'notes.txt': 'other' });
    const { executors } = await scanned();
    const intent = duplicateDownloads('Downloads', hashedFilesIn(stack.index, { rootId: 'dl', path: '' }));
    if (!intent) throw new Error('no suggestion');
    const [step] = planFileIntent(intent, FOLDERS_ACCOUNT, () => 'Downloads');
    if (!step) throw new Error('no step');
    expect(step.preview).toMatchObject({ kind: 'files-trash', keeps: [{ shownPath: 'Downloads/report.pdf' }] });
    const trash = executors.find((e) => e.capability === 'files.trash');
    const result = await trash?.execute(gate.parts.gate.authorize(gated(step, 'dups'), actors.user('ui'), actors.user('ui')), step.args, context);
    expect(result?.summary).toBe('Moved to the Trash 2 files');
    expect(readdirSync(downloads).sort()).toEqual(['notes.txt', 'report.pdf']);
    writeFileSync(join(downloads, 'unrelated.txt'), 'x');
    await trash?.undo(gate.parts.gate.authorizeUndo(gated(step, 'dups'), actors.user('ui')), step.args, result?.undo, context);
    expect(readdirSync(downloads).sort()).toEqual(['notes.txt', 'report (1).pdf', 'report (2).pdf', 'report.pdf', 'unrelated.txt']);
  });
});
