import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareGrant } from './folder-grants.js';
import { tempFolders, type TempFolders } from './testing/temp-folders.js';

let temp: TempFolders;
beforeEach(() => {
  temp = tempFolders();
});
afterEach(() => temp.cleanup());

describe('granting a folder', () => {
  it('stores the path as given and the real path behind it', async () => {
    const real = temp.folder('data/Downloads');
    symlinkSync(real, join(temp.base, 'Downloads'));
    const root = await prepareGrant([], { path: join(temp.base, 'Downloads') }, { dataDir: join(temp.base, 'steward-data'), homeDir: '/nonexistent-home', newId: () => 'id-1' });
    expect(root).toEqual({ id: 'id-1', name: 'Downloads', path: join(temp.base, 'Downloads'), realPath: real });
  });

  it.each([
    ['a relative path', () => 'Downloads', /full path/],
    ['a missing folder', () => join(temp.base, 'nope'), /cannot be granted: it does not exist/],
    ['a file', () => {
      writeFileSync(join(temp.base, 'f.txt'), 'x');
      return join(temp.base, 'f.txt');
    }, /is a file, not a folder/],
    ['the data folder', () => temp.folder('steward-data'), /Steward's own data/],
    ['a system folder', () => '/etc', /system folder/],
  ])('refuses %s in words', async (_name, path, message) => {
    await expect(prepareGrant([], { path: path() }, { dataDir: join(temp.base, 'steward-data'), homeDir: '/nonexistent-home' })).rejects.toThrow(message);
  });

  it('refuses a second folder of the same name, and a folder inside a granted one', async () => {
    const context = { dataDir: join(temp.base, 'steward-data'), homeDir: '/nonexistent-home' };
    const first = await prepareGrant([], { path: temp.folder('a/Docs') }, context);
    await expect(prepareGrant([first], { path: temp.folder('b/Docs') }, context)).rejects.toThrow(/already have a folder called "Docs"/);
    await expect(prepareGrant([first], { path: temp.folder('a/Docs/inner'), name: 'Inner' }, context)).rejects.toThrow(/inside "Docs"/);
    expect((await prepareGrant([first], { path: temp.folder('b/Docs'), name: 'Work docs' }, context)).name).toBe('Work docs');
  });
});
