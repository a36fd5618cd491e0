// A stand-in for Google Calendar, ONLY for what the Google emulator (@emulators/google 0.4.1)
// lacks: incremental sync (syncToken → nextSyncToken, and HTTP 410 Gone for a token too old),
// events.patch and the single-event get. It speaks those parts of the Calendar API v3 wire format
// (paths, query parameters, JSON bodies, Google's error shape) over real HTTP on 127.0.0.1, so
// the connector's googleapis client talks to it unchanged. Everything else is tested against the
// emulator.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandinEvent {
  readonly id: string;
  readonly [field: string]: unknown;
}

export class GcalStandin {
  readonly requests: string[] = [];
  private readonly server: Server;
  private seq = 0;
  /** Every version of every event, in order: what a sync token has not seen yet is after it. */
  private readonly log: { seq: number; event: StandinEvent }[] = [];
  private readonly current = new Map<string, StandinEvent>();
  /** Tokens older than this answer 410. */
  private oldestValid = 0;
  origin = '';
  /** The user's calendar list; empty when they removed the calendar from it. */
  listed = true;
  /** Every request is refused as Google refuses a withdrawn sign-in (HTTP 401). */
  refuseSignIn = false;

  constructor(readonly calendarId: string) {
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.origin;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Another client wrote (or cancelled, with status 'cancelled') an event. */
  put(event: StandinEvent): void {
    this.seq += 1;
    this.current.set(event.id, event);
    this.log.push({ seq: this.seq, event });
  }

  /** Gone without a trace in the change log (a server that lost its history), for the 410 path. */
  forget(id: string): void {
    this.current.delete(id);
  }

  /** Every sync token handed out so far stops working: Google's 410 Gone. */
  expireTokens(): void {
    this.oldestValid = this.seq + 1;
  }

  get(id: string): StandinEvent | undefined {
    return this.current.get(id);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin);
    this.requests.push(`${request.method ?? 'GET'} ${url.pathname}${url.search}`);
    if (this.refuseSignIn) return googleError(response, 401, 'Request had invalid authentication credentials.', 'authError');
    const events = `/calendar/v3/calendars/${encodeURIComponent(this.calendarId)}/events`;
    if (request.method === 'GET' && url.pathname === '/calendar/v3/users/me/calendarList') {
      return json(response, 200, { kind: 'calendar#calendarList', items: this.listed ? [{ id: this.calendarId, summary: 'Work', accessRole: 'owner' }] : [] });
    }
    if (request.method === 'GET' && url.pathname === events) {
      const token = url.searchParams.get('syncToken');
      const next = `t${this.seq}`;
      if (token === null) {
        return json(response, 200, { kind: 'calendar#events', items: [...this.current.values()].filter((e) => e.status !== 'cancelled' || e.recurringEventId), nextSyncToken: next });
      }
      const since = Number(token.slice(1));
      if (Number.isNaN(since) || since < this.oldestValid) return googleError(response, 410, 'Sync token is no longer valid, a full sync is required.', 'fullSyncRequired');
      const changed = new Map(this.log.filter((entry) => entry.seq > since).map((entry) => [entry.event.id, entry.event]));
      return json(response, 200, { kind: 'calendar#events', items: [...changed.values()], nextSyncToken: next });
    }
    const one = url.pathname.startsWith(`${events}/`) ? decodeURIComponent(url.pathname.slice(events.length + 1)) : null;
    if (one !== null) {
      const existing = this.current.get(one);
      if (!existing) return googleError(response, 404, 'Not Found', 'notFound');
      if (request.method === 'GET') return json(response, 200, existing);
      if (request.method === 'PATCH') {
        const patch = JSON.parse(await body(request)) as Record<string, unknown>;
        const updated = { ...existing, ...patch, id: existing.id };
        this.put(updated);
        return json(response, 200, updated);
      }
    }
    googleError(response, 404, `The stand-in does not serve ${request.method ?? ''} ${url.pathname}.`, 'notFound');
  }
}

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function json(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  response.end(JSON.stringify(value));
}

function googleError(response: ServerResponse, status: number, message: string, reason: string): void {
  json(response, status, { error: { code: status, message, errors: [{ domain: 'global', reason, message }] } });
}
