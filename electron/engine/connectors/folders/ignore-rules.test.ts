import { describe, expect, it } from 'vitest';
import { IgnoreRules, projectMarkerAmong } from './ignore-rules.js';

const b = (s: string) => Buffer.from(s);

describe('ignore rules', () => {
  const rules = new IgnoreRules();
  rules.setFolderRules(b(''), ['*.log', 'build/', '!keep.log']);
  rules.setFolderRules(b('app'), ['secret.txt', '/local-only']);

  it.each([
    ['a plain document', 'Letters/bank.docx', false, false],
    ['node_modules anywhere', 'app/node_modules/x/index.js', false, true],
    ['a .git folder', 'proj/.git', true, true],
    ['a Chrome download in progress', 'report.pdf.crdownload', false, true],
    ['a Firefox download in progress', 'setup.exe.part', false, true],
    ['an Office lock file', 'Letters/~$bank.docx', false, true],
    ['an SSH key', 'backup/.ssh/id_ed25519', false, true],
    ['a .env file', 'app/.env', false, true],
    ['a cache', 'x/.cache/y', false, true],
    ['a user pattern', 'server.log', false, true],
    ['a negated user pattern', 'keep.log', false, false],
    ['a folder-only pattern on a folder', 'build', true, true],
    ['a folder-only pattern on a file', 'build', false, false],
    ['everything under an ignored folder', 'build/out/a.txt', false, true],
    ['a nested rule in its folder', 'app/secret.txt', false, true],
    ['a nested rule outside its folder', 'secret.txt', false, false],
    ['an anchored nested rule', 'app/local-only', false, true],
    ['an anchored nested rule deeper down', 'app/sub/local-only', false, false],
    ['the root', '', true, false],
  ])('%s: %s', (_name, path, isDir, ignored) => {
    expect(rules.isIgnored(b(path), isDir)).toBe(ignored);
  });

  it('forgets a folder’s rules when its ignore file goes', () => {
    const local = new IgnoreRules();
    local.setFolderRules(b(''), ['*.tmpx']);
    expect(local.isIgnored(b('a.tmpx'), false)).toBe(true);
    expect(local.setFolderRules(b(''), null)).toBe(true);
    expect(local.isIgnored(b('a.tmpx'), false)).toBe(false);
  });

  it('recognises project folders', () => {
    expect(projectMarkerAmong(['src', 'package.json', 'README.md'])).toBe('package.json');
    expect(projectMarkerAmong(['.git', 'package.json'])).toBe('.git');
    expect(projectMarkerAmong(['notes.txt'])).toBeNull();
  });
});
