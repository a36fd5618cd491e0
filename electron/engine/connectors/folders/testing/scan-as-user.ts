/**
 * Child process for permissions.test.ts: loads everything as the current user, then, if that
 * user is root, becomes `nobody` (root reads through permission bits, so a denied folder can
 * only be shown to someone else), scans the folder given and prints what it found as JSON.
 *   scan-as-user.ts <folder>
 */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { readContent } from '../content-reader.js';
import { folderStack } from './folder-stack.js';

const folder = process.argv[2];
if (!folder) throw new Error('usage: scan-as-user.ts <folder>');
const root = { id: 'r', name: 'Shared', path: folder, realPath: realpathSync(folder) };
const stack = folderStack([root]);

if (process.getuid?.() === 0) {
  const uid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim());
  process.setgroups?.([]);
  process.setgid?.(gid);
  process.setuid?.(uid);
}

const indexer = stack.indexer(root);
const summary = await indexer.fullScan('initial-scan');
await indexer.whenContentIdle();
const direct = await readContent(stack.resolver, 'r', Buffer.from('private.txt'), { headBytes: 0, wholeUpTo: 0 });
process.stdout.write(
  JSON.stringify({
    uid: process.getuid?.(),
    problems: summary.problems.map((p) => ({ path: p.relPath.toString(), message: p.message })),
    entries: [...stack.index.stamps('r').keys()].sort(),
    privateFile: stack.index.get('r', 'private.txt'),
    directRead: direct.state === 'done' ? { state: direct.state } : { state: direct.state, note: direct.note },
  }),
);
await stack.close();
