/**
 * Turns a raw message (as an IMAP FETCH or Gmail's raw format returns it) into MailContent. Mail is untrusted and often broken: a
 * message that mailparser cannot read still becomes an item, built from the server's ENVELOPE,
 * with parseError saying what went wrong. Nothing here throws.
 */
import { htmlToText } from './html-text.js';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { MailAddress, MailAttachment, MailContent, MailEnvelope, MailHeaders } from './mail-item.js';
import { normalizeMessageId } from './message-key.js';
import { readPlainMail } from './plain-mail.js';

/** Enough text to find a question or a request; the rest of a long mail adds nothing. */
export const BODY_TEXT_LIMIT = 20_000;
/** How much of a message is parsed (the IMAP sync fetches no more than this anyway). */
export const PARSE_LIMIT_BYTES = 256 * 1024;
/** A message listing thousands of parts says no more with the rest of them. */
const MAX_ATTACHMENTS = 50;
/** A Date further ahead than this is the sender's clock or a trick to stay on top of a list. */
const FUTURE_SLACK_MS = 24 * 60 * 60_000;

export interface ParseOptions {
  /** Whether a single-part text message may take the light read (plain-mail.ts); its test turns it off to compare. */
  readonly light?: boolean;
}

export async function parseMail(source: Buffer | undefined, envelope: MailEnvelope | undefined, options: ParseOptions = {}): Promise<MailContent> {
  const fallback = fromEnvelope(envelope);
  if (!source || source.length === 0) {
    return { ...fallback, parseError: 'The server returned no message body.' };
  }
  let parsed: ParsedMail;
  try {
    // Headers and the start of the body are all that is kept: parsing the rest of a 25 MB message
    // costs seconds, and a header past mailparser's own limit loses every header.
    const start = source.length > PARSE_LIMIT_BYTES ? source.subarray(0, PARSE_LIMIT_BYTES) : source;
    parsed = (options.light !== false ? readPlainMail(start) : null) ?? (await simpleParser(start, { skipImageLinks: true, skipTextLinks: true, skipHtmlToText: true, skipTextToHtml: true }));
  } catch (error) {
    return { ...fallback, parseError: `The message could not be parsed: ${error instanceof Error ? error.message : String(error)}` };
  }
  const from = firstAddress(parsed.from) ?? fallback.from;
  return {
    messageId: normalizeMessageId(parsed.messageId) ?? fallback.messageId,
    from,
    to: addresses(parsed.to).length > 0 ? addresses(parsed.to) : fallback.to,
    cc: addresses(parsed.cc).length > 0 ? addresses(parsed.cc) : fallback.cc,
    subject: parsed.subject ?? fallback.subject,
    sentAt: sentAt(parsed) ?? fallback.sentAt,
    headers: headersOf(parsed),
    inReplyTo: cleanId(parsed.inReplyTo) ?? fallback.inReplyTo,
    references: (Array.isArray(parsed.references) ? parsed.references : parsed.references ? [parsed.references] : [])
      .map((ref) => cleanId(ref))
      .filter((ref): ref is string => ref !== null),
    bodyText: bodyText(parsed),
    parseError: null,
    attachments: attachmentsOf(parsed),
  };
}

/** Attachments by name, size and type; the parsed content is dropped with `parsed`. */
function attachmentsOf(parsed: ParsedMail): MailAttachment[] {
  return parsed.attachments
    .filter((part) => part.contentDisposition === 'attachment' || part.filename || isCalendarType(part.contentType))
    .slice(0, MAX_ATTACHMENTS)
    .map((part) => {
      const calendar = isCalendarType(part.contentType);
      const params = (part.headers.get('content-type') as { params?: Record<string, string> } | undefined)?.params;
      // iTIP (RFC 5546) puts METHOD and UID in the calendar itself; the header's method is a fallback.
      const text = calendar && part.size <= 1_000_000 ? part.content.toString('utf8').replace(/\r?\n[ \t]/g, '') : '';
      const method = calendar ? (/^METHOD:([A-Za-z-]+)/m.exec(text)?.[1] ?? params?.method)?.toUpperCase() : undefined;
      const uid = calendar ? /^UID:(.{1,300})$/m.exec(text)?.[1]?.trim() : undefined;
      const name = (part.filename ?? '').slice(0, 500) || (calendar ? 'invite.ics' : 'unnamed attachment');
      return { name, size: part.size, type: part.contentType.slice(0, 200), ...(method ? { method } : {}), ...(uid ? { uid } : {}) };
    });
}

/** A calendar part (an invitation, a cancellation): kept in the list even when it is inline. */
export function isCalendarType(type: string): boolean {
  const bare = type.toLowerCase();
  return bare.startsWith('text/calendar') || bare.startsWith('application/ics');
}

function fromEnvelope(envelope: MailEnvelope | undefined): MailContent {
  const convert = (list: MailEnvelope['from']): MailAddress[] =>
    (list ?? []).filter((a) => a.address).map((a) => ({ name: a.name ?? '', address: (a.address ?? '').toLowerCase() }));
  const date = envelope?.date ? new Date(envelope.date) : null;
  return {
    messageId: normalizeMessageId(envelope?.messageId),
    from: convert(envelope?.from)[0] ?? { name: '', address: '' },
    to: convert(envelope?.to),
    cc: convert(envelope?.cc),
    subject: envelope?.subject ?? '',
    sentAt: believableIso(date),
    headers: { listUnsubscribe: null, listId: null, precedence: null, autoSubmitted: null },
    inReplyTo: cleanId(envelope?.inReplyTo),
    references: [],
    bodyText: '',
    parseError: null,
    attachments: [],
  };
}

/** mailparser substitutes "now" for a missing or unreadable Date header: trust only a real one. */
function sentAt(parsed: ParsedMail): string | null {
  const header = rawHeader(parsed, 'date');
  if (!header || Number.isNaN(new Date(header.replace(/\s*\([^)]*\)\s*$/, '')).getTime())) return null;
  return believableIso(parsed.date);
}

function rawHeader(parsed: ParsedMail, name: string): string | null {
  const line = parsed.headerLines.find((h) => h.key === name)?.line;
  if (!line) return null;
  // Header lines come folded as they were on the wire: drop the name, unfold, trim.
  return line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim() || null;
}

function headersOf(parsed: ParsedMail): MailHeaders {
  const raw = (name: string) => rawHeader(parsed, name);
  return {
    listUnsubscribe: raw('list-unsubscribe'),
    listId: raw('list-id'),
    precedence: raw('precedence')?.toLowerCase() ?? null,
    autoSubmitted: raw('auto-submitted')?.toLowerCase() ?? null,
  };
}

function bodyText(parsed: ParsedMail): string {
  // Told not to convert HTML itself (its converter keeps image and link addresses), mailparser
  // leaves the text empty for HTML-only mail.
  const text = parsed.text?.trim() ? parsed.text : typeof parsed.html === 'string' ? htmlToText(parsed.html) : '';
  return text.replace(/\r\n/g, '\n').slice(0, BODY_TEXT_LIMIT);
}

function addresses(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const objects = Array.isArray(field) ? field : field ? [field] : [];
  return objects
    .flatMap((object) => object.value.flatMap((entry) => (entry.group ? entry.group : [entry])))
    .filter((entry) => entry.address)
    .map((entry) => ({ name: entry.name, address: (entry.address ?? '').toLowerCase() }));
}

function firstAddress(field: AddressObject | AddressObject[] | undefined): MailAddress | undefined {
  return addresses(field)[0];
}

function cleanId(id: string | undefined | null): string | null {
  const trimmed = id?.trim();
  return trimmed ? trimmed : null;
}

/** A real date, and not days ahead (a wrong clock, or a trick to stay on top of the list). */
function believableIso(date: Date | null | undefined): string | null {
  return date && date.getTime() > Date.now() + FUTURE_SLACK_MS ? null : validIso(date);
}

function validIso(date: Date | null | undefined): string | null {
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}
