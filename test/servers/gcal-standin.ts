// A stand-in for Google Calendar, ONLY for what the Google emulator (@emulators/google 0.4.1)
// lacks: incremental sync (syncToken → nextSyncToken, and HTTP 410 Gone for a token too old),
// the single-event get, events.patch, events.update (PUT), events.delete as Google does it (the
// event stays, with status "cancelled"), events.instances (occurrences of a daily or weekly
// series, made on demand; patching one makes it an exception of the series, as on Google), and
// etags: every write gives the event a new etag, and a write with If-Match on another etag is
// refused with 412 Precondition Failed. It speaks those parts of the Calendar API v3 wire format
// (paths, query parameters, JSON bodies, Google's error shape) over real HTTP on 127.0.0.1, so
// the connector's googleapis client talks to it unchanged. Everything else is tested against the
// emulator.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { utcToWall, wallToUtcMs } from '../../electron/engine/items/event/zones.js';

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

  /** Another client wrote (or cancelled, with status 'cancelled') an event. It gets a new etag, as every write on Google does. */
  put(event: StandinEvent): StandinEvent {
    this.seq += 1;
    const stored = { ...event, etag: `"${String(this.seq).padStart(16, '0')}"` };
    this.current.set(event.id, stored);
    this.log.push({ seq: this.seq, event: stored });
    return stored;
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

  /** The occurrences of a daily or weekly series (FREQ, INTERVAL, COUNT), with its exceptions in place: what events.instances lists. */
  instances(master: StandinEvent): StandinEvent[] {
    const rrule = (master.recurrence as string[]).find((line) => line.startsWith('RRULE:')) ?? 'RRULE:FREQ=DAILY;COUNT=1';
    const rule = Object.fromEntries(rrule.slice(6).split(';').map((part) => part.split('=') as [string, string]));
    const step = (rule.FREQ === 'WEEKLY' ? 7 : 1) * Number(rule.INTERVAL ?? 1);
    const count = Math.min(Number(rule.COUNT ?? 100), 500);
    const start = master.start as { dateTime: string; timeZone: string };
    const duration = Date.parse((master.end as { dateTime: string }).dateTime) - Date.parse(start.dateTime);
    // The series repeats at the same wall time in its zone, across DST changes.
    const first = utcToWall(Date.parse(start.dateTime), start.timeZone);
    const result: StandinEvent[] = [];
    for (let n = 0; n < count; n += 1) {
      const day = new Date(Date.UTC(first.year, first.month - 1, first.day + n * step));
      const ms = wallToUtcMs({ ...first, year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() }, start.timeZone);
      const id = `${master.id}_${new Date(ms).toISOString().replace(/[-:]/g, '').replace('.000', '')}`;
      const exception = this.current.get(id);
      if (exception?.status === 'cancelled') continue;
      const originalStartTime = { dateTime: new Date(ms).toISOString().replace('.000', ''), timeZone: start.timeZone };
      const end = { dateTime: new Date(ms + duration).toISOString().replace('.000', ''), timeZone: start.timeZone };
      result.push(exception ?? { ...master, id, recurringEventId: master.id, recurrence: undefined, originalStartTime, start: originalStartTime, end });
    }
    return result;
  }

  /** An occurrence by its instance id ("series_20240521T140000Z"), as Google makes it on demand. */
  private instanceById(id: string): StandinEvent | undefined {
    const series = this.current.get(id.replace(/_[0-9TZ]+$/, ''));
    return series?.recurrence ? this.instances(series).find((instance) => instance.id === id) : undefined;
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
    const instancesOf = /^(.+)\/instances$/.exec(url.pathname.startsWith(`${events}/`) ? url.pathname.slice(events.length + 1) : '');
    if (request.method === 'GET' && instancesOf?.[1]) {
      const master = this.current.get(decodeURIComponent(instancesOf[1]));
      if (!master?.recurrence) return googleError(response, 404, 'Not Found', 'notFound');
      const originalStart = url.searchParams.get('originalStart');
      const items = this.instances(master).filter((instance) => originalStart === null || sameStart(instance.originalStartTime, originalStart));
      return json(response, 200, { kind: 'calendar#events', items });
    }
    const one = url.pathname.startsWith(`${events}/`) ? decodeURIComponent(url.pathname.slice(events.length + 1)) : null;
    if (one !== null) {
      const existing = this.current.get(one) ?? this.instanceById(one);
      if (!existing) return googleError(response, 404, 'Not Found', 'notFound');
      if (request.method === 'GET') return json(response, 200, existing);
      const ifMatch = request.headers['if-match'];
      if (typeof ifMatch === 'string' && ifMatch !== '*' && ifMatch !== existing.etag) return googleError(response, 412, 'Precondition Failed', 'conditionNotMet');
      if (request.method === 'PATCH') {
        const patch = JSON.parse(await body(request)) as Record<string, unknown>;
        return json(response, 200, this.put({ ...existing, ...patch, id: existing.id }));
      }
      if (request.method === 'PUT') {
        const replacement = JSON.parse(await body(request)) as Record<string, unknown>;
        // events.update replaces the resource; what Google sets itself stays Google's.
        const kept = { id: existing.id, iCalUID: existing.iCalUID, recurringEventId: existing.recurringEventId, originalStartTime: existing.originalStartTime };
        return json(response, 200, this.put({ ...replacement, ...withoutUndefined(kept), id: existing.id }));
      }
      if (request.method === 'DELETE') {
        // Google keeps a deleted event, cancelled: get still finds it, and a sync sends it as cancelled.
        this.put({ ...existing, status: 'cancelled' });
        response.writeHead(204).end();
        return;
      }
    }
    googleError(response, 404, `The stand-in does not serve ${request.method ?? ''} ${url.pathname}.`, 'notFound');
  }
}

function sameStart(time: unknown, wanted: string): boolean {
  const original = time as { dateTime?: string; date?: string } | undefined;
  if (original?.date) return original.date === wanted;
  return Date.parse(original?.dateTime ?? '') === Date.parse(wanted);
}

function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
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
