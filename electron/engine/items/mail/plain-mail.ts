/**
 * The light read of the commonest message: one text part (plain or HTML) in UTF-8 or ASCII,
 * with a clean header block. simpleParser streams every message through a MIME splitter and
 * decodes every header (Received, DKIM, ...), which was most of a first sync's CPU; here only
 * the headers Steward keeps are decoded, by mailparser's own header code, and the body is taken
 * as it is. Anything else (multipart, another charset or transfer encoding, 8-bit or odd header
 * lines) returns null and goes through simpleParser: the result must be exactly what
 * simpleParser gives (see plain-mail.test.ts, which compares the two on a corpus).
 */
import { MailParser, type HeaderValue, type ParsedMail } from 'mailparser';
import libmime from 'libmime';

/**
 * A header block longer than this, or of more lines, is unusual enough for the full parser (and
 * stays well inside mailsplit's own limits: 64 KB for a line, 1 MB for a block counting each line
 * as at least 64 bytes, past which it fails the message).
 */
const MAX_HEADER_BYTES = 32 * 1024;
const MAX_HEADER_LINES = 1000;
/** The headers mail-parse.ts reads from a ParsedMail (besides headerLines, read raw). */
const DECODED = new Set(['from', 'to', 'cc', 'subject', 'date', 'message-id', 'in-reply-to', 'references']);
/** Transfer encodings under which the body's bytes are its text. */
const IDENTITY_ENCODINGS = new Set(['', '7bit', '8bit', 'binary']);
const UTF8_CHARSETS = new Set(['utf8', 'ascii', 'usascii']);
/** "Name: value": a field name is printable ASCII without a colon or a space (RFC 5322 2.2). */
const FIELD_LINE = /^[!-9;-~]+:/;
/** Anything but printable ASCII, tab and line breaks: bytes that may read differently by charset. */
const UNCLEAN_HEADER = /[^\t\n\r\x20-\x7e]/;
/** The headers as simpleParser names them in its result (message-id becomes messageId). */
const RESULT_NAMES = [...DECODED].map((key) => [key, key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())] as const);

interface HeaderLine {
  key: string;
  line: string;
}

/** mailparser's header decoding (addresses, encoded words, Message-ID form), kept per header. */
interface HeaderDecoder {
  processHeaders(lines: HeaderLine[]): Map<string, HeaderValue>;
}

/** One parser kept for its header code: it never reads a stream. */
let headerDecoder: HeaderDecoder | null = null;

export function readPlainMail(source: Buffer): ParsedMail | null {
  try {
    return read(source);
  } catch {
    // Whatever this read cannot make sense of, the full parser may (or says why it cannot).
    return null;
  }
}

function read(source: Buffer): ParsedMail | null {
  const split = splitHead(source);
  if (!split) return null;
  const lines = headerLines(split.head);
  if (!lines) return null;
  const body = plainBody(lines, source.subarray(split.bodyStart));
  if (!body) return null;
  const headers = decodeHeaders(lines.filter((line) => DECODED.has(line.key)));
  const parsed: Record<string, unknown> = { attachments: [], headers, headerLines: lines, html: false };
  for (const [key, name] of RESULT_NAMES) if (headers.has(key)) parsed[name] = headers.get(key);
  if (body.type === 'text/plain') {
    if (body.text) parsed.text = body.text;
  } else if (body.text) {
    // An HTML-only message: simpleParser, told not to convert it, gives an empty text.
    parsed.text = '';
    parsed.html = body.text;
  }
  return parsed as unknown as ParsedMail;
}

/**
 * Address headers repeat from message to message: the user in To, the same people and lists in
 * From. Decoding one (addressparser, encoded words, and the HTML form mailparser builds) was over
 * half of the header work in a first sync, so a line seen recently takes its decoded value from
 * here: the bench's mix of mail parsed in 35-44 µs a message instead of 47-59. Only a header that
 * appears once is looked up (mailparser merges repeated ones), and only a short one, so the cache
 * stays under a few megabytes even when every message is hostile. The values are shared between
 * messages; mail-parse.ts copies what it keeps.
 */
const ADDRESS_KEYS = new Set(['from', 'to', 'cc']);
const ADDRESS_CACHE_SIZE = 500;
const ADDRESS_CACHE_LINE = 512;
/** Least recently used first: a hit moves its line to the end. */
const decodedAddresses = new Map<string, HeaderValue>();

function decodeHeaders(lines: HeaderLine[]): Map<string, HeaderValue> {
  headerDecoder ??= new MailParser() as unknown as HeaderDecoder;
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line.key, (counts.get(line.key) ?? 0) + 1);
  const cacheable = lines.filter((line) => ADDRESS_KEYS.has(line.key) && counts.get(line.key) === 1 && line.line.length <= ADDRESS_CACHE_LINE);
  const headers = headerDecoder.processHeaders(cacheable.length > 0 ? lines.filter((line) => !cacheable.includes(line)) : lines);
  for (const line of cacheable) {
    const value = decodedAddress(headerDecoder, line);
    if (value !== undefined) headers.set(line.key, value);
  }
  return headers;
}

/** One address line's decoded value: from the cache (now the most recently used), or decoded and kept. */
function decodedAddress(decoder: HeaderDecoder, line: HeaderLine): HeaderValue | undefined {
  let value = decodedAddresses.get(line.line);
  if (value !== undefined) decodedAddresses.delete(line.line);
  else value = decoder.processHeaders([line]).get(line.key);
  if (value === undefined) return undefined;
  if (decodedAddresses.size >= ADDRESS_CACHE_SIZE) decodedAddresses.delete(decodedAddresses.keys().next().value as string);
  decodedAddresses.set(line.line, value);
  return value;
}

/** Where the header block ends: the first empty line. Null when it is not clean ASCII or too long. */
function splitHead(source: Buffer): { head: string; bodyStart: number } | null {
  const window = source.subarray(0, MAX_HEADER_BYTES + 3);
  const lf = window.indexOf('\n\n');
  const crlf = window.indexOf('\n\r\n');
  const end = lf >= 0 && (crlf < 0 || lf < crlf) ? lf : crlf;
  if (end < 0 || end >= MAX_HEADER_BYTES) return null;
  const head = source.toString('latin1', 0, end);
  return UNCLEAN_HEADER.test(head) ? null : { head, bodyStart: end + (end === lf ? 2 : 3) };
}

/** The header lines as mailsplit reports them (continuations joined by CRLF). Null for anything unusual. */
function headerLines(head: string): HeaderLine[] | null {
  const lines: HeaderLine[] = [];
  const raws = head.split('\n');
  if (raws.length > MAX_HEADER_LINES) return null;
  for (const raw of raws) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // A lone CR, or a line of blanks, is where parsers disagree: leave it to the full one.
    if (line.includes('\r') || line.trim() === '') return null;
    const last = lines[lines.length - 1];
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (!last) return null;
      last.line += `\r\n${line}`;
    } else if (FIELD_LINE.test(line)) {
      lines.push({ key: line.slice(0, line.indexOf(':')).toLowerCase(), line });
    } else {
      return null;
    }
  }
  return lines;
}

/** The only part's text, when it is text in UTF-8 or ASCII whose bytes need no decoding. */
function plainBody(lines: readonly HeaderLine[], body: Buffer): { type: 'text/plain' | 'text/html'; text: string } | null {
  const contentTypes = lines.filter((line) => line.key === 'content-type');
  const encodings = lines.filter((line) => line.key === 'content-transfer-encoding');
  if (contentTypes.length > 1 || encodings.length > 1 || lines.some((line) => line.key === 'content-disposition')) return null;
  const encoding = encodings[0] ? valueOf(encodings[0]).toLowerCase() : '';
  if (!IDENTITY_ENCODINGS.has(encoding)) return null;
  let type = 'text/plain';
  let charset = '';
  if (contentTypes[0]) {
    const value = valueOf(contentTypes[0]);
    // Comments, escapes and RFC 2231 parameters are the full parser's business.
    if (/[()*\\]/.test(value)) return null;
    const parsed = libmime.parseHeaderValue(value);
    const params = parsed.params;
    if (Object.keys(params).some((name) => name !== 'charset')) return null;
    type = (parsed.value || '').toLowerCase().trim();
    charset = (params.charset ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '');
  }
  if (type !== 'text/plain' && type !== 'text/html') return null;
  if (charset !== '' && !UTF8_CHARSETS.has(charset)) return null;
  return { type, text: body.toString('utf8').replace(/\r?\n/g, '\n') };
}

/** A header's value as mailsplit reads it: unfolded and trimmed. */
function valueOf(header: HeaderLine): string {
  return libmime.decodeHeader(header.line).value.trim();
}
