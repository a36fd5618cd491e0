/**
 * The browser transport: a WebSocket to the host that serves this page, at
 * `/api/ws?token=…`. Text frames, so the RPC uses the JSON codec. When the socket drops the
 * link retries with capped exponential backoff; when the host refuses the token it stops and
 * says so, because retrying a wrong token cannot help.
 */
import { connectEngineApi, json, type EngineClient, type MessageChannelLike } from '@shared/rpc/rpc';
import { forgetAccessToken, readAccessToken } from './access-token';
import { forwardingApi, type EngineLink, type LinkListener } from './engine-link';

/** Close codes a host may use after accepting the socket to say the token is not valid. */
const UNAUTHORIZED_CLOSE_CODES = new Set([1008, 4001, 4401, 4403]);
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

export function createWebSocketLink(): EngineLink {
  const token = readAccessToken();
  let listener: LinkListener | null = null;
  let socket: WebSocket | null = null;
  let client: EngineClient | null = null;
  let attempt = 0;
  let retryTimer: number | null = null;
  let stopped = false;

  const report = (state: Parameters<LinkListener['onState']>[0]) => listener?.onState(state);

  const connect = () => {
    if (stopped || !token) return;
    retryTimer = null;
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = `${scheme}//${window.location.host}/api/ws?token=${encodeURIComponent(token)}`;
    const ws = new WebSocket(url);
    socket = ws;
    let opened = false;

    ws.addEventListener('open', () => {
      if (socket !== ws) return;
      opened = true;
      attempt = 0;
      client = connectEngineApi(socketChannel(ws), (event) => listener?.onEvent(event), json);
      report({ kind: 'open' });
    });
    ws.addEventListener('close', (event) => {
      if (socket !== ws) return;
      socket = null;
      client?.close();
      client = null;
      if (stopped) return;
      if (UNAUTHORIZED_CLOSE_CODES.has(event.code)) {
        refuse();
        return;
      }
      if (!opened) {
        // A refused upgrade looks like any network failure from here (the browser hides the
        // HTTP status), so ask the same URL over plain HTTP whether the token is the problem.
        void tokenRefused(token).then((refused) => (refused ? refuse() : scheduleRetry()));
        return;
      }
      scheduleRetry();
    });
  };

  const refuse = () => {
    forgetAccessToken();
    report({ kind: 'needs-token', reason: 'rejected' });
  };

  const scheduleRetry = () => {
    if (stopped) return;
    attempt += 1;
    const backoff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempt - 1));
    const delay = Math.round(backoff * (0.8 + Math.random() * 0.4));
    report({ kind: 'reconnecting', attempt, retryAt: Date.now() + delay });
    retryTimer = window.setTimeout(connect, delay);
  };

  const retryNow = () => {
    if (stopped || socket || !token) return;
    if (retryTimer !== null) window.clearTimeout(retryTimer);
    report({ kind: 'reconnecting', attempt, retryAt: null });
    connect();
  };

  const onOnline = () => retryNow();
  const onVisible = () => {
    if (document.visibilityState === 'visible') retryNow();
  };

  return {
    transport: 'browser',
    api: forwardingApi(() => client),
    start(next) {
      listener = next;
      if (!token) {
        report({ kind: 'needs-token', reason: 'missing' });
        return;
      }
      report({ kind: 'connecting' });
      window.addEventListener('online', onOnline);
      document.addEventListener('visibilitychange', onVisible);
      connect();
    },
    retryNow,
    stop() {
      stopped = true;
      if (retryTimer !== null) window.clearTimeout(retryTimer);
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisible);
      client?.close();
      socket?.close();
      listener = null;
    },
  };
}

/**
 * Asks the host over plain HTTP whether it accepts the token: a cheap query with the token as a
 * bearer. Only a 401 or 403 counts as a refusal; anything else (host down, restarting) retries.
 */
async function tokenRefused(token: string): Promise<boolean> {
  try {
    const response = await fetch('/api/getStatus', {
      headers: { authorization: `Bearer ${token}` },
      cache: 'no-store',
      credentials: 'omit',
    });
    return response.status === 401 || response.status === 403;
  } catch {
    return false;
  }
}

function socketChannel(ws: WebSocket): MessageChannelLike {
  const wrapped = new Map<(data: unknown) => void, (event: MessageEvent) => void>();
  return {
    post(data) {
      // A frame sent while the socket is closing is lost; the caller's promise is rejected
      // when the client is closed on 'close'.
      if (ws.readyState === WebSocket.OPEN) ws.send(data as string);
    },
    on(listener) {
      const onMessage = (event: MessageEvent) => listener(event.data);
      wrapped.set(listener, onMessage);
      ws.addEventListener('message', onMessage);
    },
    off(listener) {
      const onMessage = wrapped.get(listener);
      if (onMessage) ws.removeEventListener('message', onMessage);
      wrapped.delete(listener);
    },
  };
}
