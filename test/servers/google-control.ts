// Test-only controls beside the Google emulator, under /_steward/ (a path Google never uses).
// The emulator lives in Vitest's main process; test workers reach these over HTTP (see
// gmail-peer.ts for the client side):
//
//   POST /_steward/users                  {email, name?}  → {email, accessToken}
//        A mailbox of its own for a test, with an access token for it, without an OAuth round trip.
//   POST /_steward/gmail/expire-history   {email}         → {historyId}
//        Every history id up to now becomes too old: history.list answers 404, as Gmail does.
//   POST /_steward/faults                 GoogleFault     → 204
//        The next `times` requests that match answer `status` instead (a token endpoint that
//        fails, throttling). Faults match one client id or one user, so tests running in
//        parallel never trip over each other's.
import { randomBytes } from 'node:crypto';
import { getGoogleStore, seedFromConfig } from '@emulators/google';
import type { EmulatorInstance } from './google.js';
import type { GmailFidelity } from './google-fidelity.js';

export interface GoogleFault {
  /** Matched against the request path, e.g. `^/oauth2/token$`. */
  readonly path: string;
  /** Only requests from this OAuth client (the client_id of a token request) … */
  readonly clientId?: string;
  /** … or only requests whose bearer token belongs to this user. */
  readonly email?: string;
  readonly status: number;
  readonly body: unknown;
  /** Headers of the answer, e.g. Retry-After on a 429. */
  readonly headers?: Readonly<Record<string, string>>;
  /** How many matching requests fail; 1 unless told. */
  readonly times?: number;
}

interface ArmedFault {
  readonly fault: GoogleFault;
  readonly path: RegExp;
  remaining: number;
}

const PREFIX = '/_steward/';

export class GoogleControls {
  private readonly faults: ArmedFault[] = [];

  constructor(
    private readonly emulator: EmulatorInstance,
    private readonly fidelity: GmailFidelity,
  ) {}

  /** Answers a control request or an injected fault; null lets the request through. */
  async handle(request: Request): Promise<Response | null> {
    const url = new URL(request.url);
    if (url.pathname.startsWith(PREFIX)) {
      // A mistake in a test's control request should read as one, not as a bare 500.
      return this.control(request, url.pathname.slice(PREFIX.length)).catch((error: unknown) =>
        Response.json({ error: error instanceof Error ? error.message : String(error) }, { status: 400 }),
      );
    }
    return this.takeFault(request, url);
  }

  private async control(request: Request, action: string): Promise<Response> {
    if (request.method !== 'POST') return new Response('Controls take POST.', { status: 405 });
    const body = (await request.json()) as Record<string, unknown>;
    switch (action) {
      case 'users':
        return Response.json(this.addUser(requireString(body, 'email'), typeof body.name === 'string' ? body.name : undefined));
      case 'gmail/expire-history':
        return Response.json({ historyId: this.fidelity.expireHistory(requireString(body, 'email')) });
      case 'faults':
        this.faults.push({ fault: body as unknown as GoogleFault, path: new RegExp(requireString(body, 'path')), remaining: Number(body.times ?? 1) });
        return new Response(null, { status: 204 });
      default:
        return new Response(`No control named ${action}.`, { status: 404 });
    }
  }

  private addUser(email: string, name: string | undefined): { email: string; accessToken: string } {
    seedFromConfig(this.emulator.store, this.emulator.baseUrl, { users: [{ email, ...(name ? { name } : {}) }] });
    const user = getGoogleStore(this.emulator.store).users.findOneBy('email', email);
    if (!user) throw new Error(`The emulator did not keep the user ${email}.`);
    const accessToken = `test_${randomBytes(20).toString('base64url')}`;
    this.emulator.tokenMap.set(accessToken, { login: email, id: user.id, scopes: [] });
    return { email, accessToken };
  }

  private async takeFault(request: Request, url: URL): Promise<Response | null> {
    const candidates = this.faults.filter((armed) => armed.remaining > 0 && armed.path.test(url.pathname));
    if (candidates.length === 0) return null;
    const clientId = await clientIdOf(request);
    const email = this.fidelity.userFor(request);
    const armed = candidates.find(({ fault }) => (fault.clientId !== undefined && fault.clientId === clientId) || (fault.email !== undefined && fault.email === email));
    if (!armed) return null;
    armed.remaining -= 1;
    return Response.json(armed.fault.body, { status: armed.fault.status, ...(armed.fault.headers ? { headers: armed.fault.headers } : {}) });
  }
}

/** The client_id of a form-encoded OAuth request, read from a copy so the request stays unread. */
async function clientIdOf(request: Request): Promise<string | null> {
  if (request.method !== 'POST') return new URL(request.url).searchParams.get('client_id');
  const text = await request.clone().text();
  return new URLSearchParams(text).get('client_id');
}

function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length === 0) throw new Error(`The control request needs "${field}".`);
  return value;
}
