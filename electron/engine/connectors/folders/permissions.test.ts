/**
 * A folder and a file Steward may not read. Tests run as root in CI, and root reads through
 * permission bits, so the scan runs in a child process that first becomes `nobody` (see
 * testing/scan-as-user.ts); as any other user it simply runs as that user.
 */
import { chmodSync, chownSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScript } from './testing/child-process.js';
import { tempFolders, writeTree, type TempFolders } from './testing/temp-folders.js';

let temp: TempFolders;
beforeEach(() => {
  temp = tempFolders();
});
afterEach(() => temp.cleanup());

describe('where permission is denied', () => {
  it('reports the folder and the file it cannot read, in words, and indexes everything else', async () => {
    const dir = temp.folder('Shared');
    writeTree(dir, { 'open/a.txt': 'readable', 'locked/inside.txt': 'hidden', 'locked/deeper/x.txt': 'hidden too' });
    writeFileSync(join(dir, 'private.txt'), 'not for you');
    // The child (as nobody) must be able to reach the folder: open it up, then close two doors.
    for (const path of [temp.base, dir, join(dir, 'open')]) chmodSync(path, 0o755);
    chmodSync(join(dir, 'open', 'a.txt'), 0o644);
    chownSync(join(dir, 'locked'), 0, 0);
    chmodSync(join(dir, 'locked'), 0o700);
    chmodSync(join(dir, 'private.txt'), 0o600);
    const amRoot = process.getuid?.() === 0;

    const { code, stdout, stderr } = await runScript('./scan-as-user.ts', [dir]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as {
      uid: number;
      problems: { path: string; message: string }[];
      entries: string[];
      privateFile: { contentState: string; contentNote: string; hash: string | null };
      directRead: { state: string; note?: string };
    };
    if (amRoot) expect(result.uid).not.toBe(0);
    expect(result.problems).toEqual([{ path: 'locked', message: 'The folder “locked” cannot be read: permission denied. Check the folder’s permissions if you want Steward to see it.' }]);
    expect(result.entries).toEqual(['', 'locked', 'open', 'open/a.txt', 'private.txt']);
    expect(result.privateFile).toMatchObject({ contentState: 'unreadable', hash: null, contentNote: expect.stringMatching(/permission denied/) as unknown });
    expect(result.directRead).toEqual({ state: 'unreadable', note: expect.stringMatching(/private\.txt in "Shared" cannot be read: permission denied/) as unknown });
  }, 60_000);
});
