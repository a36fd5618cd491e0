import { describe, expect, it } from 'vitest';
import type { StoredAccount } from '../../accounts/account-store.js';
import { homeRelative, rootWordsOf } from './root-words.js';

describe('folder roots in words', () => {
  it.each<[string, string, string, string, string]>([
    ['inside the home folder', '/home/ann/Downloads', '/home/ann', '/', '~/Downloads'],
    ['the home folder itself', '/home/ann', '/home/ann/', '/', '~'],
    ['a sibling that only starts alike', '/home/anna/Downloads', '/home/ann', '/', '/home/anna/Downloads'],
    ['outside it', '/srv/shared', '/home/ann', '/', '/srv/shared'],
    ['on Windows', 'C:\\Users\\ann\\Documents', 'C:\\Users\\ann', '\\', '~\\Documents'],
  ])('%s', (_name, path, home, separator, shown) => {
    expect(homeRelative(path, home, separator)).toBe(shown);
  });

  it('names each granted root by its path, and one no longer granted as such', () => {
    const folders = { kind: 'folders', settings: { roots: [{ id: 'r1', name: 'Downloads', path: '/home/ann/Downloads', realPath: '/home/ann/Downloads' }] } };
    const mail = { kind: 'imap', settings: {} };
    const words = rootWordsOf([mail, folders] as unknown as StoredAccount[], '/home/ann', '/');
    expect(words('r1')).toBe('~/Downloads');
    expect(words('gone')).toBe('a folder no longer granted');
  });
});
