import { describe, expect, it } from 'vitest';
import { excerptMethodOf, extensionOf, fileKindOf } from './file-kinds.js';

describe('file kinds', () => {
  it.each([
    ['notes.md', 'md', 'text', 'text'],
    ['data.CSV', 'csv', 'text', 'text'],
    ['main.ts', 'ts', 'code', 'text'],
    ['report.pdf', 'pdf', 'pdf', 'pdf'],
    ['Letter.DOCX', 'docx', 'document', 'docx'],
    ['old.doc', 'doc', 'document', 'none'],
    ['budget.xlsx', 'xlsx', 'spreadsheet', 'none'],
    ['photo.jpeg', 'jpeg', 'image', 'none'],
    ['setup.exe', 'exe', 'installer', 'none'],
    ['archive.tar.gz', 'gz', 'archive', 'none'],
    ['README', '', 'text', 'text'],
    ['Makefile', '', 'text', 'text'],
    ['.bashrc', '', 'other', 'none'],
    ['trailing.', '', 'other', 'none'],
    ['mystery.xyz', 'xyz', 'other', 'none'],
  ])('%s: extension %s, kind %s, excerpt %s', (name, ext, kind, method) => {
    expect(extensionOf(name)).toBe(ext);
    expect(fileKindOf(name)).toBe(kind);
    expect(excerptMethodOf(name)).toBe(method);
  });
});
