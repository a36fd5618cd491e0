/**
 * How a file's place inside a granted folder is written down. The OS names files with bytes,
 * and on Linux those bytes need not be valid UTF-8; a JavaScript string decoded from them
 * would not name the same file any more. So the index keeps the raw bytes, and everywhere a
 * string is needed (JSON arguments of a plan, API results) the path travels as a key: the path
 * itself when it is valid UTF-8, otherwise a NUL followed by the base64url of its bytes. No real
 * path contains NUL, so the two forms can never be confused.
 */
import { isUtf8 } from 'node:buffer';

/** A path relative to its root, '/'-separated, in the key form described above. "" is the root itself. */
export type PathKey = string;

const RAW_MARK = '\u0000';

export function keyOfRaw(raw: Buffer): PathKey {
  return isUtf8(raw) ? raw.toString('utf8') : RAW_MARK + raw.toString('base64url');
}

export function rawOfKey(key: PathKey): Buffer {
  return key.startsWith(RAW_MARK) ? Buffer.from(key.slice(RAW_MARK.length), 'base64url') : Buffer.from(key, 'utf8');
}

/** For people: invalid bytes shown as U+FFFD. Never use it to open a file. */
export function displayOfRaw(raw: Buffer): string {
  return raw.toString('utf8');
}

export function displayOfKey(key: PathKey): string {
  return displayOfRaw(rawOfKey(key));
}

/** Whether the key names its file exactly as a string (false for names that are not valid UTF-8). */
export function isTextKey(key: PathKey): boolean {
  return !key.startsWith(RAW_MARK);
}

const SLASH = 0x2f;

/** The parent of a relative raw path ("" for a top-level entry). */
export function parentOfRaw(raw: Buffer): Buffer {
  const slash = raw.lastIndexOf(SLASH);
  return slash < 0 ? Buffer.alloc(0) : raw.subarray(0, slash);
}

export function baseNameOfRaw(raw: Buffer): Buffer {
  return raw.subarray(raw.lastIndexOf(SLASH) + 1);
}

/** Joins relative raw paths with '/'; an empty part is skipped, so joining onto the root ("") works. */
export function joinRaw(...parts: readonly Buffer[]): Buffer {
  const nonEmpty = parts.filter((part) => part.length > 0);
  const out: Buffer[] = [];
  nonEmpty.forEach((part, i) => {
    if (i > 0) out.push(Buffer.from('/'));
    out.push(part);
  });
  return Buffer.concat(out);
}

/** The ancestors of a relative raw path, nearest first, ending with the root (""). */
export function ancestorsOfRaw(raw: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let current = raw;
  while (current.length > 0) {
    current = parentOfRaw(current);
    out.push(current);
  }
  return out;
}
