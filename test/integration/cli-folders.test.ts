/** `steward folders …` as typed, in-process (the same program the built CLI runs), on a real folder. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/program.js';
import { tempDataDir } from '../engine-fixture.js';

let dataDir: string;
let home: string;
beforeEach(() => {
  dataDir = tempDataDir();
  home = tempDataDir();
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

async function steward(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['--data-dir', dataDir, ...args], { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

it('adds, lists and removes a folder, and says what to do when something is wrong', async () => {
  const downloads = join(home, 'Downloads');
  mkdirSync(downloads);
  writeFileSync(join(downloads, 'a.txt'), 'hello');
  expect((await steward('folders', 'list')).out).toMatch(/No folders granted yet\. Grant one with `steward folders add PATH`/);

  const added = await steward('folders', 'add', downloads, '--name', 'DL');
  expect(added.code).toBe(0);
  expect(added.out).toMatch(/^Granted "DL" \(.*Downloads\), id /);

  const listed = await steward('--json', 'folders', 'list');
  const [folder] = JSON.parse(listed.out) as { id: string; name: string; state: string }[];
  expect(folder).toMatchObject({ name: 'DL', state: 'not-watched' });
  expect((await steward('folders')).out).toMatch(/DL\s+.*Downloads\s+not-watched/);

  const twice = await steward('folders', 'add', downloads);
  expect(twice.code).toBe(2);
  expect(twice.err).toMatch(/already granted as "DL"/);
  const missing = await steward('folders', 'add', join(home, 'nope'));
  expect(missing.err).toMatch(/cannot be granted: .*(no such|does not exist)/i);

  expect((await steward('folders', 'remove', 'DL')).out).toMatch(/no longer looks at folder .*Nothing in it was changed/);
  expect((await steward('--json', 'folders')).out.trim()).toBe('[]');
  expect((await steward('folders', 'remove', 'DL')).err).toMatch(/steward folders list/);
});
