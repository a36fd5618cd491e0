/**
 * Child process for the crash test in file-writer.test.ts: moves every file of <folder>/from
 * into <folder>/to as one journaled action, slowly enough to be killed in the middle.
 *   crash-mover.ts <database file> <folder>
 */
import { readdirSync, realpathSync } from 'node:fs';
import { openDatabase } from '../../../db/database.js';
import { FileWriter } from '../file-writer.js';
import { FOLDERS_MIGRATIONS } from '../migrations.js';
import { MoveJournal } from '../move-journal.js';
import { ScopeResolver } from '../scope-resolver.js';
import { fileGate, FOLDERS_ACCOUNT } from './file-gate.js';

const [databaseFile, folder] = process.argv.slice(2);
if (!databaseFile || !folder) throw new Error('usage: crash-mover.ts <database file> <folder>');
const db = openDatabase(databaseFile, FOLDERS_MIGRATIONS);
const root = { id: 'r', name: 'Downloads', path: folder, realPath: realpathSync(folder) };
const writer = new FileWriter({ resolver: new ScopeResolver([root]), journal: new MoveJournal(db), accountId: FOLDERS_ACCOUNT, rootName: () => 'Downloads' });
const gate = fileGate();
const names = readdirSync(`${folder}/from`).sort();
process.stdout.write(`moving ${names.length}\n`);
await writer.move(
  gate.approve('files.move', 'crash-action'),
  'files.move',
  'crash-action',
  names.map((name) => ({ from: { rootId: 'r', path: `from/${name}` }, toFolder: { rootId: 'r', path: 'to' } })),
  { createFolders: true },
);
process.stdout.write('finished\n');
