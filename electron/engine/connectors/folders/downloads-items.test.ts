/** Which folder's loose files the detectors see: a granted Downloads folder, or the Downloads folder inside a granted one. */
import { describe, expect, it } from 'vitest';
import type { FileItem } from '../../items/file/file-item.js';
import { downloadsFolderOf } from './downloads-items.js';

const root = (name: string, realPath: string) => ({ id: 'r', name, path: realPath, realPath });
const dirs = (...names: string[]) => ({ get: (_rootId: string, path: string) => (names.includes(path) ? ({ type: 'dir' } as FileItem) : null) });

describe('the Downloads folder of a granted folder', () => {
  it.each([
    ['a granted folder named Downloads', root('Downloads', '/home/a/Downloads'), dirs(), ''],
    ['one the user named otherwise', root('DL', '/home/a/Downloads'), dirs(), ''],
    ['the home folder holding Downloads', root('Home', '/home/a'), dirs('Downloads'), 'Downloads'],
    ['a folder without one', root('Projects', '/home/a/Projects'), dirs('src'), null],
    ['a file called Downloads is not a folder', root('Home', '/home/a'), { get: () => ({ type: 'file' }) as FileItem }, null],
  ])('%s', (_name, granted, index, expected) => {
    expect(downloadsFolderOf(granted, index)).toBe(expected);
  });
});
