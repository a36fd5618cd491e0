/**
 * The host's network face, on loopback only by default: the built UI as static files (they
 * hold nothing private), the API over HTTP under /api/ and over a WebSocket at /api/ws. Every
 * API request needs the token; WebSocket upgrades from another origin are refused, and the
 * Host header must name this server (which defeats DNS rebinding).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import { json, serveEngineApi, type MessageChannelLike } from '@shared/rpc/rpc.js';
import type { Engine } from '../engine/index.js';
import { handleApiRequest, sendJson } from './http-api.js';
import { tokensMatch } from './token.js';

export interface ApiServerOptions {
  readonly engine: Engine;
  /** The browser's token (the address's #token=…): its requests are recorded as "web". */
  readonly token: string;
  /** The CLI's token (host.json only): its requests are recorded as "cli". */
  readonly cliToken?: string;
  readonly host?: string;
  readonly port?: number;
  /** The built renderer (out/renderer); omitted, only the API is served. */
  readonly staticDir?: string | null;
}

export interface ApiServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * At most this many open connections (HTTP and WebSocket together); more are closed at once. A
 * browser uses a handful and the CLI one at a time, so the cap only bites on a flood, which
 * would otherwise hold sockets until Node's own timeouts.
 */
export const MAX_CONNECTIONS = 64;
/** A client gets this long to send its headers, and this long for the whole request. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const bindHost = options.host ?? '127.0.0.1';
  const statics = options.staticDir
    ? sirv(options.staticDir, { etag: true, dotfiles: false, setHeaders: (res) => securityHeaders(res) })
    : null;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  let port = 0;

  const allowedHosts = () => new Set([`${bindHost}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);

  const server: Server = createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      // Nothing a client sends may take the engine down with it.
      console.error('[steward] a request failed:', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  server.maxConnections = MAX_CONNECTIONS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;

  /** Who a request is, from the token it carries: the transport decides, never a header. */
  const clientFor = (given: string | null): 'web' | 'cli' | null => {
    if (tokensMatch(given, options.token)) return 'web';
    if (options.cliToken !== undefined && tokensMatch(given, options.cliToken)) return 'cli';
    return null;
  };

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts().has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('This server only answers requests addressed to it.');
      return;
    }
    const url = parseUrl(req);
    if (!url) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('Bad request.');
      return;
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      const client = clientFor(bearer(req));
      if (!client) {
        sendJson(res, 401, { error: { code: 'unauthorized', message: 'Missing or wrong token. Use the address `steward host` printed (it ends in #token=…).' } });
        return;
      }
      await handleApiRequest(req, res, url.pathname.slice('/api/'.length), options.engine.dispatchFor(client));
      return;
    }
    if (!statics) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    securityHeaders(res);
    statics(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    });
  }

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    // A client that resets while being refused must not surface as an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const host = req.headers.host ?? '';
    if (!allowedHosts().has(host)) return refuse(421, 'Misdirected Request');
    const url = parseUrl(req);
    if (!url) return refuse(400, 'Bad Request');
    if (url.pathname !== '/api/ws') return refuse(404, 'Not Found');
    const origin = req.headers.origin;
    // Browsers always send Origin; it must be this very server. Tools (the CLI) send none.
    if (origin !== undefined && origin !== `http://${host}`) return refuse(403, 'Forbidden');
    const client = clientFor(url.searchParams.get('token') ?? bearer(req));
    if (!client) return refuse(401, 'Unauthorized');
    sockets.handleUpgrade(req, socket, head, (ws) => attach(ws, client));
  });

  function attach(ws: WebSocket, client: 'web' | 'cli'): void {
    const channel: MessageChannelLike = {
      post: (data) => ws.send(data as string),
      // binaryType 'nodebuffer' (the default) delivers every message as one Buffer.
      on: (listener) => ws.on('message', (data: Buffer) => listener(data.toString('utf8'))),
    };
    const served = serveEngineApi(channel, options.engine.dispatchFor(client), json);
    const unsubscribe = options.engine.events.subscribe((event) => served.sendEvent(event));
    ws.on('close', () => {
      unsubscribe();
      served.close();
    });
    ws.on('error', () => ws.terminate());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://${bindHost}:${port}/`,
    async close() {
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The request's URL, or null when the request line is not a URL at all. Call after the Host check. */
function parseUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  } catch {
    return null;
  }
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : null;
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('content-security-policy', CSP);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
}
