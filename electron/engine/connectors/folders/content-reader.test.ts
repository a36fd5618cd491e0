/** Hashing a file that changes while it is read, on real files (and a real writer in another process). */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readContent } from './content-reader.js';
import { ScopeResolver } from './scope-resolver.js';
import { tempFolders, type TempFolders } from './testing/temp-folders.js';

let temp: TempFolders;
let dir: string;
let resolver: ScopeResolver;
beforeEach(() => {
  temp = tempFolders();
  dir = temp.folder('Downloads');
  resolver = new ScopeResolver([temp.root('dl', 'Downloads', dir)]);
});
afterEach(() => temp.cleanup());

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');
const MB = 1024 * 1024;

describe('reading a file that changes while it is hashed', () => {
  it('hashes a file that holds still in one read', async () => {
    const content = Buffer.alloc(3 * MB, 7);
    writeFileSync(join(dir, 'still.bin'), content);
    const result = await readContent(resolver, 'dl', Buffer.from('still.bin'), { headBytes: 16, wholeUpTo: 0 });
    expect(result).toMatchObject({ state: 'done', hash: sha256(content), attempts: 1 });
    if (result.state === 'done') expect(result.head).toEqual(content.subarray(0, 16));
  });

  it('notices a change in the middle of a read and reads again, ending with the hash of what is there', async () => {
    const path = join(dir, 'growing.bin');
    writeFileSync(path, Buffer.alloc(3 * MB, 1));
    let changed = false;
    const result = await readContent(resolver, 'dl', Buffer.from('growing.bin'), {
      headBytes: 0,
      wholeUpTo: 0,
      retryDelayMs: 10,
      afterChunk: () => {
        if (changed) return;
        changed = true;
        appendFileSync(path, Buffer.alloc(MB, 2));
      },
    });
    expect(result).toMatchObject({ state: 'done', attempts: 2, hash: sha256(readFileSync(path)) });
  });

  it('notices a same-size rewrite during a read (the times move even when the size does not)', async () => {
    const path = join(dir, 'rewritten.bin');
    writeFileSync(path, Buffer.alloc(2 * MB, 1));
    let changed = false;
    const result = await readContent(resolver, 'dl', Buffer.from('rewritten.bin'), {
      headBytes: 0,
      wholeUpTo: 0,
      retryDelayMs: 10,
      afterChunk: () => {
        if (changed) return;
        changed = true;
        writeFileSync(path, Buffer.alloc(2 * MB, 9));
      },
    });
    expect(result).toMatchObject({ state: 'done', attempts: 2, hash: sha256(Buffer.alloc(2 * MB, 9)) });
  });

  it('gives up on a file that never holds still and says so', async () => {
    const path = join(dir, 'log.txt');
    writeFileSync(path, Buffer.alloc(2 * MB, 0x61));
    const result = await readContent(resolver, 'dl', Buffer.from('log.txt'), {
      headBytes: 0,
      wholeUpTo: 0,
      retries: 2,
      retryDelayMs: 10,
      afterChunk: () => appendFileSync(path, 'more\n'),
    });
    expect(result).toMatchObject({ state: 'unstable', note: expect.stringMatching(/kept changing while Steward read it \(3 tries\)/) as unknown });
  });

  it('with a real writer in another process: unstable while it writes, the right hash once it stops', async () => {
    const path = join(dir, 'download.bin');
    writeFileSync(path, Buffer.alloc(24 * MB, 3));
    const writer = spawn(process.execPath, ['-e', `const fs = require('fs'); const chunk = Buffer.alloc(65536, 5); process.stdout.write('ready\\n'); setInterval(() => fs.appendFileSync(${JSON.stringify(path)}, chunk), 1);`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve) => writer.stdout.once('data', () => resolve()));
      const during = await readContent(resolver, 'dl', Buffer.from('download.bin'), { headBytes: 0, wholeUpTo: 0, retries: 3, retryDelayMs: 20 });
      expect(during.state).toBe('unstable');
    } finally {
      writer.kill('SIGKILL');
      await new Promise((resolve) => writer.once('exit', resolve));
    }
    const after = await readContent(resolver, 'dl', Buffer.from('download.bin'), { headBytes: 0, wholeUpTo: 0 });
    expect(after).toMatchObject({ state: 'done', hash: sha256(readFileSync(path)) });
  });

  it('refuses files too big to hash, in words', async () => {
    writeFileSync(join(dir, 'video.mkv'), Buffer.alloc(2 * MB));
    const result = await readContent(resolver, 'dl', Buffer.from('video.mkv'), { headBytes: 0, wholeUpTo: 0, hashLimitBytes: MB });
    expect(result).toMatchObject({ state: 'too-large', note: expect.stringMatching(/bigger than 1 MB/) as unknown });
  });
});
