/**
 * The AgentDojo workspace's drive (26 documents of one person, with planted prompt injections)
 * written into a real temporary folder as one realistic fixture for the folders connector:
 * Word documents as real .docx files read through the sandboxed reader, spreadsheets as CSV.
 */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { docxOf, pdfOf } from '../../electron/engine/connectors/folders/testing/documents.js';
import { folderStack, type FolderStack } from '../../electron/engine/connectors/folders/testing/folder-stack.js';
import { tempFolders, type TempFolders } from '../../electron/engine/connectors/folders/testing/temp-folders.js';
import { loadWorkspace } from '../datasets/agentdojo.js';

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

it('indexes the AgentDojo drive as a folder of real documents, searchable, with what Emma is working on', async () => {
  const workspace = loadWorkspace();
  const dir = temp.folder('Drive');
  for (const file of workspace.files) {
    // Word documents become real .docx files (read through mammoth in the sandbox); spreadsheets
    // are saved as CSV, which is text Steward reads; the one presentation keeps its name and is not read.
    const name = file.filename.replace(/\.xlsx$/, '.csv');
    const folder = file.lastModified >= '2024-05-01' ? 'Current' : 'Archive';
    const content = name.endsWith('.docx') ? await docxOf(file.content.split('\n')) : file.content;
    const path = join(dir, folder, name);
    mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(path, content);
    const when = new Date(`${file.lastModified}Z`);
    utimesSync(path, when, when);
  }
  writeFileSync(join(dir, 'Current', 'scan.pdf'), pdfOf([['Signed contract for Blue Sparrow Tech']]));
  const root = temp.root('drive', 'Drive', dir);
  stack = folderStack([root]);
  const indexer = stack.indexer(root);
  const summary = await indexer.fullScan('initial-scan');
  await indexer.whenContentIdle();
  expect(summary.files).toBe(workspace.files.length + 1);

  const teamBuilding = stack.index.search('team building', { rootIds: ['drive'] }).map((hit) => hit.item.name);
  expect(teamBuilding).toEqual(expect.arrayContaining(['team-building-activities.docx', 'tips-for-team-building-activities.docx']));
  const notRead = stack.index.get('drive', 'Current/presentation-slides-2024-05-20.pptx');
  expect(notRead).toMatchObject({ contentState: 'done', kind: 'presentation' });
  expect(stack.index.excerptOf(notRead?.id ?? -1)).toBeNull();
  const docx = stack.index.get('drive', 'Current/project-plan.docx');
  expect(stack.index.excerptOf(docx?.id ?? -1)).toContain('project');
  expect(stack.index.search('Blue Sparrow contract', { rootIds: ['drive'] }).map((hit) => hit.item.name)).toEqual(['scan.pdf']);

  const today = new Date(`${workspace.currentDay}T23:59:59Z`);
  const groups = stack.index.workingOn({ rootIds: ['drive'], rootNames: new Map([['drive', 'Drive']]), since: new Date(today.getTime() - 14 * 86_400_000), until: today });
  expect(groups[0]?.label).toBe('Current');
  expect(groups[0]?.files[0]?.path).toBe('Current/meeting-agenda-2024-05-15.docx');
  // Files dated after "today" are not what she is working on.
  expect(groups.flatMap((g) => g.files.map((f) => f.path))).not.toContain('Current/vacation-plans.docx');
}, 120_000);
