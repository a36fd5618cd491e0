import { describe, expect, it } from 'vitest';
import { ancestorsOfRaw, baseNameOfRaw, displayOfKey, isTextKey, joinRaw, keyOfRaw, parentOfRaw, rawOfKey } from './path-key.js';

const invalid = Buffer.concat([Buffer.from('Downloads/bad-'), Buffer.from([0xff, 0xfe]), Buffer.from('.txt')]);

describe('path keys', () => {
  it.each([
    ['plain', Buffer.from('Documents/report.pdf')],
    ['newline in a name', Buffer.from('a\nb/c.txt')],
    ['non-ASCII', Buffer.from('Fotos/Grüße 🎉.jpg')],
    ['invalid UTF-8', invalid],
    ['the root', Buffer.alloc(0)],
  ])('round-trips %s exactly', (_name, raw) => {
    const key = keyOfRaw(raw);
    expect(rawOfKey(key).equals(raw)).toBe(true);
  });

  it('keeps valid paths readable and marks the others', () => {
    expect(keyOfRaw(Buffer.from('a/b.txt'))).toBe('a/b.txt');
    expect(isTextKey(keyOfRaw(Buffer.from('a/b.txt')))).toBe(true);
    const key = keyOfRaw(invalid);
    expect(isTextKey(key)).toBe(false);
    expect(key.startsWith('\u0000')).toBe(true);
    expect(displayOfKey(key)).toBe('Downloads/bad-\uFFFD\uFFFD.txt');
  });

  it.each([
    ['a/b/c.txt', 'a/b', 'c.txt', ['a/b', 'a', '']],
    ['top.txt', '', 'top.txt', ['']],
    ['', '', '', []],
  ])('%s: parent %s, name %s, ancestors %j', (path, parent, base, ancestors) => {
    const raw = Buffer.from(path);
    expect(parentOfRaw(raw).toString()).toBe(parent);
    expect(baseNameOfRaw(raw).toString()).toBe(base);
    expect(ancestorsOfRaw(raw).map((a) => a.toString())).toEqual(ancestors);
  });

  it('joins onto the root without a leading slash', () => {
    expect(joinRaw(Buffer.alloc(0), Buffer.from('x')).toString()).toBe('x');
    expect(joinRaw(Buffer.from('a'), Buffer.from('b'), Buffer.from('c')).toString()).toBe('a/b/c');
  });
});
