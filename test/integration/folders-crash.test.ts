/**
 * A crash in the middle of a tidy-up, through the whole engine: a real child process approves
 * the suggestion and is killed (SIGKILL) part-way through the move. After a restart every file
 * is in exactly one place, the engine records what was done, and undo puts every file back.
 */
import Database from 'better-sqlite3';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { spawnScript } from '../../electron/engine/connectors/folders/testing/child-process.js';
import { tempFolders, writeTree, type TempFolders } from '../../electron/engine/connectors/folders/testing/temp-folders.js';
import { databaseFile } from '../../electron/engine/paths.js';
import { MemorySecretStore } from '../../electron/engine/secrets/memory-secret-store.js';
import { startTestEngine, type EngineHarness } from '../engine-fixture.js';
import { waitUntil } from '../wait-until.js';

let temp: TempFolders | null = null;
let harness: EngineHarness | null = null;
afterEach(async () => {
  await harness?.dispose();
  temp?.cleanup();
});

it('leaves every file in exactly one place when Steward is killed in the middle of a tidy-up, and undo brings all back', async () => {
  temp = tempFolders();
  const downloads = temp.folder('Downloads');
  const count = 400;
  const names = Array.from({ length: count }, (_, i) => `scan-${String(i).padStart(4, '0')}.pdf`);
  const old = new Date(Date.now() - 90 * 86_400_000);
  writeTree(downloads, Object.fromEntries(names.map((name) => [name, { content: `pdf ${name}`, mtime: old }])));

  harness = startTestEngine({ secrets: new MemorySecretStore() });
  let api = harness.engine.apiFor('cli');
  await api.addFolder({ path: downloads });
  const tidy = await waitUntil('the tidy-up', async () => (await api.listSuggestions()).find((s) => s.kind === 'downloads-tidy'), 30_000);
  expect(tidy.actions[0]?.preview.kind === 'files-move' ? tidy.actions[0].preview.files : []).toHaveLength(count);
  await harness.engine.stop();

  const child = spawnScript('./engine-approver.ts', [harness.dataDir, tidy.id]);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  const moved = () => {
    const reader = new Database(databaseFile(harness?.dataDir ?? ''), { readonly: true, fileMustExist: true });
    try {
      return (reader.prepare("SELECT count(*) AS n FROM file_journal WHERE state = 'done' AND op = 'move'").get() as { n: number }).n;
    } catch {
      return 0;
    } finally {
      reader.close();
    }
  };
  await waitUntil('the child to be part-way through the move', () => moved() >= count / 4, 60_000).catch((error: unknown) => {
    throw new Error(`${String(error)}; the child said: ${output}`);
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');

  const dated = readdirSync(downloads).find((name) => name.startsWith('Old ')) ?? '';
  const inPlace = (folder: string) => new Set(readdirSync(folder).filter((name) => name.startsWith('scan-')));
  /**
   * Every file in exactly one place. A kill can land between a move's link(2) and its unlink(2)
   * (no-replace.ts): then the one file in flight has two names of the same inode until the
   * restart's recovery drops the old one, so at the crash that one file may be in both places.
   */
  const check = (atCrash: boolean) => {
    const left = inPlace(downloads);
    const tidied = inPlace(join(downloads, dated));
    const both = names.filter((name) => left.has(name) && tidied.has(name));
    expect(both.length, `in both places: ${both.join(', ')}`).toBeLessThanOrEqual(atCrash ? 1 : 0);
    for (const name of both) expect(statSync(join(downloads, name)).ino, `${name} is one file under two names`).toBe(statSync(join(downloads, dated, name)).ino);
    for (const name of names) expect(Number(left.has(name)) + Number(tidied.has(name)), name).toBeGreaterThanOrEqual(1);
    return tidied.size;
  };
  const tidiedAtCrash = check(true);
  expect(tidiedAtCrash).toBeGreaterThan(0);
  expect(tidiedAtCrash).toBeLessThan(count);

  // Restart: the step the child died in is checked, recorded as done as far as it went, and undoable.
  api = harness.restart({ secrets: new MemorySecretStore() }).apiFor('cli');
  const step = await waitUntil('the interrupted step to be confirmed', async () => {
    const [action] = (await api.getSuggestion({ id: tidy.id })).actions;
    return action && action.status !== 'interrupted' && action.status !== 'running' ? action : undefined;
  }, 20_000);
  expect(step.status).toBe('done');
  expect(check(false)).toBe(tidiedAtCrash);

  await api.undo({ id: tidy.id });
  expect(inPlace(downloads).size).toBe(count);
  expect(readdirSync(downloads).filter((name) => name.startsWith('Old '))).toEqual([]);
}, 180_000);
