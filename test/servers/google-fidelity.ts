// Where @emulators/google 0.4.1 answers differently from real Gmail in ways the product depends
// on, this layer in front of it answers as Gmail does. Test harness only: the product talks plain
// Gmail and must never work around the emulator.
//
// How 0.4.1 keeps mail (read from its source, dist/index.js): one record per message in the
// `google.messages` collection with `raw` (the RFC 822 message exactly as the client sent it,
// base64url, or one the emulator builds from structured fields), `label_ids`, `thread_id`,
// `history_id`, `internal_date` (epoch ms, from the Date header) and ten header fields parsed
// from the raw (from, to, cc, bcc, reply_to, subject, message_id, references, in_reply_to,
// date). Every change appends records to `google.history` whose id is the new history id.
//
// What this layer fills in:
// - messages.get (and threads.get, drafts.get and every write that answers with a message) in
//   `full` or `metadata` format build their headers from those ten fields only, so List-Unsubscribe,
//   Precedence and the like vanish, and Date comes back reformatted. Here the headers come from
//   the stored raw message, all of them, in order; `metadataHeaders` matches case-insensitively.
// - users.getProfile is missing (404). Here it answers from the store.
// - `rfc822msgid:` in a search never matches (the emulator cuts the term one character short and
//   compares ":id" with "id"). Here it matches the Message-ID, with or without angle brackets.
// - History ids are `${Date.now()}${random}`, so two changes in the same millisecond can get ids
//   in the wrong order, and a client reading the current id may then miss the later change.
//   Here writes run one at a time, each in a later millisecond than the one before, so history ids
//   only grow, as Gmail's do.
// - History never expires: any startHistoryId works. Gmail answers 404 for one that is too old;
//   here expireHistory() (a test control) makes every id up to now too old.
import { setTimeout as sleep } from 'node:timers/promises';
import { getGoogleStore, type GoogleStore } from '@emulators/google';
import libmime from 'libmime';
import type { EmulatorInstance } from './google.js';

interface GmailRoute {
  /** The `{userId}` of the path: `me` or an address. */
  readonly userId: string;
  /** The path after `/gmail/v1/users/{userId}`, e.g. `/messages/abc`. */
  readonly rest: string;
}

interface MessageHeader {
  readonly name: string;
  readonly value: string;
}

const GMAIL_PATH = /^\/(?:upload\/)?gmail\/v1\/users\/([^/]+)(\/.*)?$/;

export class GmailFidelity {
  private readonly store: GoogleStore;
  /** Per user: history ids below this are "too old" (see expireHistory). */
  private readonly historyFloors = new Map<string, bigint>();
  private writes: Promise<unknown> = Promise.resolve();
  private lastWriteAt = 0;

  constructor(private readonly emulator: EmulatorInstance) {
    this.store = getGoogleStore(emulator.store);
  }

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const route = gmailRoute(url.pathname);
    const email = route ? this.userFor(request) : null;
    const ownMailbox = route !== null && email !== null && (route.userId === 'me' || route.userId === email);
    if (route?.rest === '/profile' && request.method === 'GET') {
      // The emulator has no such route, so answer as its own Gmail routes would (requireGmailUser).
      if (email === null) return gmailError(401, 'Request had invalid authentication credentials.', 'authError', 'UNAUTHENTICATED');
      return ownMailbox ? json(this.profile(email)) : gmailError(404, 'Requested entity was not found.', 'notFound', 'NOT_FOUND');
    }
    // Unknown token, another user's mailbox, not Gmail: the emulator's own answer is right.
    if (!route || !email || !ownMailbox) return this.forward(request);

    if (request.method === 'GET' && route.rest === '/history') {
      const refusal = this.refuseHistoryStart(email, url.searchParams.get('startHistoryId'));
      if (refusal) return refusal;
    }
    if (request.method === 'GET' && route.rest === '/messages') {
      const messageIdTerm = findMessageIdTerm(url.searchParams.get('q') ?? '');
      if (messageIdTerm) return this.listByMessageId(request, url, email, messageIdTerm);
    }

    const response = request.method === 'GET' ? await this.forward(request) : await this.oneWriteAtATime(() => this.forward(request));
    return this.withStoredHeaders(response, email, url);
  }

  /** The user a bearer token belongs to, as the emulator's auth middleware decides it. */
  userFor(request: Request): string | null {
    const header = request.headers.get('authorization');
    if (!header) return null;
    const token = header.replace(/^(Bearer|token)\s+/i, '').trim();
    return this.emulator.tokenMap.get(token)?.login ?? null;
  }

  /** Makes every history id up to the current one too old, as Gmail does after a week or so. */
  expireHistory(email: string): string {
    const current = this.currentHistoryId(email);
    for (const event of this.store.history.findBy('user_email', email)) {
      if (BigInt(event.gmail_id) <= current) this.store.history.delete(event.id);
    }
    this.historyFloors.set(email, current);
    return current.toString();
  }

  private forward(request: Request): Promise<Response> {
    return Promise.resolve(this.emulator.app.fetch(request));
  }

  private profile(email: string) {
    const messages = this.store.messages.findBy('user_email', email);
    return {
      emailAddress: email,
      messagesTotal: messages.length,
      threadsTotal: new Set(messages.map((message) => message.thread_id)).size,
      historyId: this.currentHistoryId(email).toString(),
    };
  }

  /** The emulator's own rule (getCurrentHistoryId): the highest id of any message or history record. */
  private currentHistoryId(email: string): bigint {
    const ids = [
      ...this.store.messages.findBy('user_email', email).map((message) => message.history_id),
      ...this.store.history.findBy('user_email', email).map((event) => event.gmail_id),
    ];
    return ids.reduce((max, id) => (BigInt(id) > max ? BigInt(id) : max), this.historyFloors.get(email) ?? 0n);
  }

  private refuseHistoryStart(email: string, start: string | null): Response | null {
    if (start === null) return null; // the emulator's own 400
    if (!/^\d+$/.test(start.trim())) return gmailError(400, 'Invalid startHistoryId', 'invalidArgument', 'INVALID_ARGUMENT');
    const floor = this.historyFloors.get(email);
    if (floor !== undefined && BigInt(start.trim()) < floor) return gmailError(404, 'Requested entity was not found.', 'notFound', 'NOT_FOUND');
    return null;
  }

  /** messages.list with `rfc822msgid:` in q: the other terms and filters by the emulator, the Message-ID here. */
  private async listByMessageId(request: Request, url: URL, email: string, term: { readonly messageId: string; readonly rest: string }): Promise<Response> {
    const wanted = bareMessageId(term.messageId);
    const matching = new Set(
      this.store.messages
        .findBy('user_email', email)
        .filter((message) => bareMessageId(message.message_id) === wanted)
        .map((message) => message.gmail_id),
    );
    const found: { id: string; threadId: string }[] = [];
    let pageToken: string | undefined;
    do {
      const pageUrl = new URL(url);
      pageUrl.searchParams.delete('pageToken');
      pageUrl.searchParams.set('maxResults', '500');
      if (term.rest) pageUrl.searchParams.set('q', term.rest);
      else pageUrl.searchParams.delete('q');
      if (pageToken) pageUrl.searchParams.set('pageToken', pageToken);
      const response = await this.forward(new Request(pageUrl, { headers: request.headers }));
      if (!response.ok) return response;
      const page = (await response.json()) as { messages?: { id: string; threadId: string }[]; nextPageToken?: string };
      found.push(...(page.messages ?? []).filter((message) => matching.has(message.id)));
      pageToken = page.nextPageToken;
    } while (pageToken);
    // Gmail leaves `messages` out of an empty result.
    return json(found.length > 0 ? { messages: found, resultSizeEstimate: found.length } : { resultSizeEstimate: 0 });
  }

  /**
   * Runs writes one at a time, each starting in a later millisecond than the previous one ended,
   * so the history ids they mint (`${Date.now()}${random}`) increase from one write to the next.
   */
  private oneWriteAtATime(write: () => Promise<Response>): Promise<Response> {
    const turn = this.writes.then(async () => {
      while (Date.now() <= this.lastWriteAt) await sleep(1);
      try {
        return await write();
      } finally {
        this.lastWriteAt = Date.now();
      }
    });
    this.writes = turn.catch(() => undefined);
    return turn;
  }

  /** Replaces the headers of every message resource in a JSON answer with those of its stored raw message. */
  private async withStoredHeaders(response: Response, email: string, url: URL): Promise<Response> {
    if (!response.ok || !(response.headers.get('content-type') ?? '').includes('application/json')) return response;
    const body = (await response.json()) as unknown;
    const wantedNames = url.searchParams.get('format') === 'metadata' ? url.searchParams.getAll('metadataHeaders').map((name) => name.toLowerCase()) : [];
    for (const message of messageResources(body)) {
      const raw = this.store.messages.findBy('gmail_id', message.id).find((stored) => stored.user_email === email)?.raw;
      if (!raw || !message.payload) continue;
      const headers = headersOf(raw);
      message.payload.headers = wantedNames.length > 0 ? headers.filter((header) => wantedNames.includes(header.name.toLowerCase())) : headers;
    }
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    return new Response(JSON.stringify(body), { status: response.status, headers });
  }
}

function gmailRoute(pathname: string): GmailRoute | null {
  const match = GMAIL_PATH.exec(pathname);
  if (!match?.[1]) return null;
  return { userId: decodeURIComponent(match[1]), rest: match[2] ?? '' };
}

interface MessageResource {
  readonly id: string;
  payload?: { headers?: MessageHeader[] };
}

/** The message resources in an answer: a message, a thread's messages, or a draft's message. */
function messageResources(body: unknown): MessageResource[] {
  if (typeof body !== 'object' || body === null) return [];
  const record = body as { id?: unknown; payload?: unknown; messages?: unknown; message?: unknown };
  const found: MessageResource[] = [];
  if (typeof record.id === 'string' && typeof record.payload === 'object' && record.payload !== null) found.push(record as MessageResource);
  if (Array.isArray(record.messages)) for (const message of record.messages) found.push(...messageResources(message));
  if (typeof record.message === 'object') found.push(...messageResources(record.message));
  return found;
}

/** The header block of a base64url RFC 822 message, unfolded, encoded-words decoded, in order. */
export function headersOf(rawBase64Url: string): MessageHeader[] {
  const source = Buffer.from(rawBase64Url, 'base64url').toString('utf8');
  const end = source.search(/\r?\n\r?\n/);
  const block = end === -1 ? source : source.slice(0, end);
  const headers: MessageHeader[] = [];
  for (const line of block.split(/\r?\n/)) {
    const last = headers.at(-1);
    if (/^[ \t]/.test(line) && last) {
      headers[headers.length - 1] = { name: last.name, value: `${last.value} ${line.trim()}` };
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return headers.map((header) => ({ name: header.name, value: libmime.decodeWords(header.value) }));
}

/** Splits `rfc822msgid:<id>` out of a Gmail search, keeping the other terms. */
function findMessageIdTerm(q: string): { messageId: string; rest: string } | null {
  const terms = q.match(/"[^"]+"|\S+/g) ?? [];
  const index = terms.findIndex((term) => term.toLowerCase().startsWith('rfc822msgid:'));
  const term = terms[index];
  if (term === undefined) return null;
  return { messageId: term.slice('rfc822msgid:'.length), rest: terms.filter((_, i) => i !== index).join(' ') };
}

function bareMessageId(id: string | null | undefined): string {
  return (id ?? '').trim().replace(/^<|>$/g, '').toLowerCase();
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=UTF-8' } });
}

/** Gmail's error body, as the emulator's own googleApiError writes it. */
export function gmailError(code: number, message: string, reason: string, status: string): Response {
  return json({ error: { code, message, errors: [{ message, domain: 'global', reason }], status } }, code);
}
