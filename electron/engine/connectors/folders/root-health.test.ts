import { describe, expect, it } from 'vitest';
import { classifyRoot, type RootIdentity, type RootProbe } from './root-health.js';
import type { FolderRoot } from './scopes.js';

const root: FolderRoot = { id: 'dl', name: 'Downloads', path: '/home/a/Downloads', realPath: '/home/a/Downloads' };
const plain: RootIdentity = { dev: '1', ino: '100', parentDev: '1' };
const mounted: RootIdentity = { dev: '9', ino: '2', parentDev: '1' };
const here = (changes: Partial<Extract<RootProbe, { exists: true }>> = {}): RootProbe => ({ exists: true, isDir: true, realPath: '/home/a/Downloads', dev: '1', ino: '100', parentDev: '1', ...changes });
const gone = (changes: Partial<Extract<RootProbe, { exists: false }>> = {}): RootProbe => ({ exists: false, code: 'ENOENT', parentDev: '1', renamedTo: null, ...changes });

describe('is the granted folder still there?', () => {
  it.each([
    ['all well', plain, here(), 'ok', null],
    ['deleted', plain, gone(), 'missing', /was deleted or moved away/],
    ['renamed beside itself', plain, gone({ renamedTo: '/home/a/Downloads-old' }), 'moved', /renamed to \/home\/a\/Downloads-old.*Settings → Folders/],
    ['a drive unmounted, its mount point gone', mounted, gone(), 'unmounted', /no longer mounted/],
    ['a drive unmounted, the empty mount point left', mounted, here({ dev: '1', ino: '555' }), 'unmounted', /no longer mounted/],
    ['the drive back', mounted, here({ dev: '9', ino: '2' }), 'ok', null],
    ['deleted and made again', plain, here({ ino: '101' }), 'recreated', /replaced by a new folder/],
    ['now a link to somewhere else', plain, here({ realPath: '/etc' }), 'elsewhere', /now leads to \/etc/],
    ['a file now', plain, here({ isDir: false }), 'not-a-folder', /no longer a folder/],
    ['permission taken away', plain, gone({ code: 'EACCES' }), 'unreadable', /permission denied/],
  ])('%s', (_name, identity, probe, state, message) => {
    const health = classifyRoot(root, identity, probe);
    expect(health.state).toBe(state);
    if (message && health.state !== 'ok') expect(health.message).toMatch(message);
  });
});
