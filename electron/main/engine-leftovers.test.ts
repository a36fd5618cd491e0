/** What a killed engine leaves in the data folder, removed only when it names that engine. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINE_RUN_FILES } from '../../shared/shell/protocol.js';
import { pidInRunFile, removeEngineLeftovers } from './engine-leftovers.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function dataDir(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'steward-leftovers-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('removeEngineLeftovers', () => {
  it('removes host.json that names the dead engine, and never the lock (the OS released it with the process)', () => {
    const folder = dataDir({ [ENGINE_RUN_FILES.hostInfo]: JSON.stringify({ pid: 4242, url: 'http://127.0.0.1:1' }), [ENGINE_RUN_FILES.lock]: '4242' });
    expect(removeEngineLeftovers(folder, 4242)).toEqual(['host.json']);
    expect(existsSync(join(folder, 'host.json'))).toBe(false);
    expect(existsSync(join(folder, 'engine.lock'))).toBe(true);
  });

  it('leaves files of any other process alone (another Steward may own them)', () => {
    const folder = dataDir({ [ENGINE_RUN_FILES.hostInfo]: JSON.stringify({ pid: 7 }), [ENGINE_RUN_FILES.lock]: '7' });
    expect(removeEngineLeftovers(folder, 4242)).toEqual([]);
    expect(readFileSync(join(folder, 'engine.lock'), 'utf8')).toBe('7');
  });

  it('copes with missing and unreadable files', () => {
    const folder = dataDir({ [ENGINE_RUN_FILES.hostInfo]: '{not json' });
    expect(removeEngineLeftovers(folder, 4242)).toEqual([]);
    expect(existsSync(join(folder, 'host.json'))).toBe(true);
  });
});

describe('pidInRunFile', () => {
  it.each([
    ['4242', 4242],
    ['4242\n', 4242],
    ['{"pid": 4242, "url": "x"}', 4242],
    ['{"pid": "4242"}', 4242],
    ['{"url": "x"}', null],
    ['-1', null],
    ['abc', null],
    ['', null],
  ])('%j → %s', (text, pid) => {
    expect(pidInRunFile(text)).toBe(pid);
  });
});
