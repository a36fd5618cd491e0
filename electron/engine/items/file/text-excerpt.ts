/**
 * The bounded excerpt of a text-like file, from the first bytes of it. Pure: the caller read
 * the bytes (once, through the scope-checked reader that also hashes them).
 */
export const EXCERPT_MAX_CHARS = 16_000;
/** Enough bytes for EXCERPT_MAX_CHARS characters of UTF-8 in the common case. */
export const EXCERPT_HEAD_BYTES = 64 * 1024;

export type TextExcerpt = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'binary' };

export function textExcerptOf(head: Buffer, maxChars = EXCERPT_MAX_CHARS, truncated = false): TextExcerpt {
  let text: string;
  if (head[0] === 0xff && head[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(head.subarray(2, evenLength(head.length - 2) + 2));
  } else if (head[0] === 0xfe && head[1] === 0xff) {
    const swapped = Buffer.from(head.subarray(2, evenLength(head.length - 2) + 2));
    swapped.swap16();
    text = new TextDecoder('utf-16le').decode(swapped);
  } else {
    // A NUL in the first few kilobytes is the usual sign of a binary file mislabelled as text.
    if (head.subarray(0, 8192).includes(0)) return { kind: 'binary' };
    const body = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
    text = new TextDecoder('utf-8').decode(truncated ? trimPartialUtf8(body) : body);
  }
  return { kind: 'text', text: normalizeExcerpt(text, maxChars) };
}

/** Keeps line breaks, drops control characters and runs of blank space, and cuts at maxChars. */
export function normalizeExcerpt(text: string, maxChars = EXCERPT_MAX_CHARS): string {
  const cleaned = text
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return cleaned.length <= maxChars ? cleaned : cleaned.slice(0, maxChars);
}

function evenLength(n: number): number {
  return n - (n % 2);
}

/** A head cut mid-character would decode to U+FFFD at the end: drop the partial sequence. */
function trimPartialUtf8(bytes: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}
