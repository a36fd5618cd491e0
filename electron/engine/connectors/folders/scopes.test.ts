import { describe, expect, it } from 'vitest';
import { checkNewRoot, hardLinkVerdict, invalidNameReason, invalidRelPathReason, placeRealPath, relativeInside, type FolderRoot } from './scopes.js';

const b = (s: string) => Buffer.from(s);

describe('placing a real path among the granted folders', () => {
  const roots = [
    { id: 'dl', realPath: b('/home/a/Downloads') },
    { id: 'docs', realPath: b('/home/a/Documents/') },
  ];
  it.each([
    ['the root itself', '/home/a/Downloads', 'dl', ''],
    ['a file inside', '/home/a/Downloads/x.pdf', 'dl', 'x.pdf'],
    ['deep inside', '/home/a/Documents/p/q/r.txt', 'docs', 'p/q/r.txt'],
    ['a root given with a trailing slash', '/home/a/Documents', 'docs', ''],
    ['a sibling with a longer name', '/home/a/Downloads2/x', null, null],
    ['a prefix of the root', '/home/a/Down', null, null],
    ['the parent', '/home/a', null, null],
    ['elsewhere', '/etc/passwd', null, null],
    ['a name that is not UTF-8', '/home/a/Downloads/\xff.txt', 'dl', '\xff.txt'],
  ])('%s', (_name, real, rootId, rel) => {
    const placement = placeRealPath(roots, Buffer.from(real, 'latin1'));
    if (rootId === null) expect(placement.inside).toBe(false);
    else expect(placement).toEqual({ inside: true, rootId, relPath: Buffer.from(rel ?? '', 'latin1') });
  });

  it('handles the filesystem root and Windows separators', () => {
    expect(relativeInside(b('/'), b('/etc'))?.toString()).toBe('etc');
    expect(relativeInside(b('C:\\Users\\a'), b('C:\\Users\\a\\x\\y.txt'), 0x5c)?.toString()).toBe('x\\y.txt');
    expect(placeRealPath([{ id: 'w', realPath: b('C:\\Users\\a') }], b('C:\\Users\\a\\x\\y.txt'), 0x5c)).toEqual({ inside: true, rootId: 'w', relPath: b('x/y.txt') });
    expect(relativeInside(b('C:\\Users\\a'), b('C:\\Users\\ab'), 0x5c)).toBeNull();
  });
});

describe('names and relative paths', () => {
  it.each([
    ['report.pdf', null],
    ['a name with spaces (1).pdf', null],
    ['line\nbreak', null],
    ['', /empty/],
    ['.', /not a name/],
    ['..', /not a name/],
    ['a/b', /not a path/],
    ['a\\b', /not a path/],
    ['nul\u0000', /NUL/],
    ['x'.repeat(255), null],
    ['x'.repeat(256), /255/],
  ])('%j', (name, reason) => {
    const result = invalidNameReason(Buffer.from(name));
    if (reason === null) expect(result).toBeNull();
    else expect(result).toMatch(reason);
  });

  it.each([
    ['', null],
    ['a/b/c.txt', null],
    ['/etc/passwd', /relative/],
    ['a/../../etc', /"\.\."/],
    ['./a', /"\.\."|"\."/],
    ['a//b', /empty/],
    ['a/', /empty/],
  ])('%j', (path, reason) => {
    const result = invalidRelPathReason(Buffer.from(path));
    if (reason === null) expect(result).toBeNull();
    else expect(result).toMatch(reason);
  });
});

describe('granting a folder', () => {
  const existing: FolderRoot[] = [{ id: 'p', name: 'Projects', path: '/home/a/Projects', realPath: '/home/a/Projects' }];
  const context = { dataDir: '/home/a/.config/Steward', homeDir: '/home/a' };
  it.each([
    ['a new folder', '/home/a/Downloads', true, null],
    ['the home folder itself', '/home/a', false, /Steward's own data/],
    ['a folder beside the data folder', '/home/a/.config', false, /Steward's own data/],
    ['the filesystem root', '/', false, /system folder/],
    ['/etc', '/etc', false, /system folder/],
    ['a folder above home', '/home', false, /whole home folder|Steward's own data/],
    ['the same folder again', '/home/a/Projects', false, /already granted as "Projects"/],
    ['a folder inside a granted one', '/home/a/Projects/Alpha', false, /inside "Projects"/],
    ['a sibling that shares a prefix', '/home/a/Projects-old', true, null],
  ])('%s', (_name, candidate, ok, reason) => {
    const result = checkNewRoot(existing, candidate, context);
    expect(result.ok).toBe(ok);
    if (!result.ok && reason) expect(result.reason).toMatch(reason);
  });

  it('refuses a folder around a granted one, and the home folder holding the data folder', () => {
    const result = checkNewRoot(existing, '/home/a/work', { dataDir: '/srv/steward', homeDir: '/home/a' });
    expect(result.ok).toBe(true);
    const around = checkNewRoot([{ ...existing[0], realPath: '/home/a/work/Projects' } as FolderRoot], '/home/a/work', { dataDir: '/srv/steward', homeDir: '/home/a' });
    expect(around).toEqual({ ok: false, reason: expect.stringMatching(/contains "Projects"/) as unknown });
  });

  it('refuses Windows system folders', () => {
    expect(checkNewRoot([], 'C:\\Windows', { dataDir: 'C:\\Users\\a\\AppData\\Steward', homeDir: 'C:\\Users\\a', isWindows: true }).ok).toBe(false);
    expect(checkNewRoot([], 'C:\\Users\\a\\Documents', { dataDir: 'C:\\Users\\a\\AppData\\Steward', homeDir: 'C:\\Users\\a', isWindows: true }).ok).toBe(true);
  });
});

describe('the hard-link policy', () => {
  it.each([
    [1, 1, true],
    [2, 2, true],
    [3, 5, true],
    [2, 1, false],
    [3, 2, false],
  ])('%i names, %i of them inside: read %s', (nlink, inside, read) => {
    const verdict = hardLinkVerdict(nlink, inside);
    expect(verdict.read).toBe(read);
    if (!verdict.read) expect(verdict.reason).toMatch(/hard links/);
  });
});
