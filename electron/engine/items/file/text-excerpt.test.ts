import { describe, expect, it } from 'vitest';
import { ftsQueryOf } from './fts-query.js';
import { normalizeExcerpt, textExcerptOf } from './text-excerpt.js';

describe('text excerpts', () => {
  it.each([
    ['plain UTF-8', Buffer.from('Hello\r\nworld'), 'Hello\nworld'],
    ['a UTF-8 byte-order mark', Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('Hi')]), 'Hi'],
    ['UTF-16 little-endian', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Grüße', 'utf16le')]), 'Grüße'],
    ['UTF-16 big-endian', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('Hi', 'utf16le').swap16()]), 'Hi'],
    ['control characters and runs of blanks', Buffer.from('a\u0007b   \t c\n\n\n\nd'), 'ab c\n\nd'],
  ])('decodes %s', (_name, bytes, text) => {
    expect(textExcerptOf(bytes)).toEqual({ kind: 'text', text });
  });

  it('calls a file with NUL bytes binary', () => {
    expect(textExcerptOf(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toEqual({ kind: 'binary' });
  });

  it('drops a character cut in half at the end of a truncated head', () => {
    const euro = Buffer.from('price: €');
    expect(textExcerptOf(euro.subarray(0, euro.length - 1), 100, true)).toEqual({ kind: 'text', text: 'price:' });
  });

  it('cuts at the limit', () => {
    expect(normalizeExcerpt('x'.repeat(50), 10)).toHaveLength(10);
  });
});

describe('full-text queries', () => {
  it.each([
    ['Q1 report', '"Q1"* AND "report"*'],
    ['report-Q1-2024.xlsx', '"report"* AND "Q1"* AND "2024"* AND "xlsx"*'],
    ['NEAR("a" b) OR c*', '"NEAR"* AND "a"* AND "b"* AND "OR"* AND "c"*'],
    ['"unbalanced', '"unbalanced"*'],
    ['Grüße', '"Grüße"*'],
    ['   ', null],
    ['!!!', null],
  ])('%j becomes %j', (text, query) => {
    expect(ftsQueryOf(text)).toBe(query);
  });
});
