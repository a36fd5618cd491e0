/**
 * One call to a running host's HTTP API: what every command that talks to a host sends.
 *
 * It uses node:http, taken with process.getBuiltinModule, and not fetch or an `import` of
 * node:http: both of those load Node's bundled undici (fetch is undici; an ES import of a
 * built-in reads every export, and node:http exports undici's WebSocket), which took ~50 ms of
 * a ~80 ms `steward pause` that has a 100 ms budget (issue 7). The host is on 127.0.0.1, so
 * there is no DNS lookup; one connection per call, closed after it (agent: false), so a command
 * exits as soon as it has its answer.
 */
import { ApiError, isApiErrorPayload } from '@shared/api/errors.js';
import type { HostInfo } from '../host/host-info.js';

const http = process.getBuiltinModule('node:http');

/**
 * Calls `method` on the host; resolves to its answer, or rejects with the host's error (an
 * ApiError). With `timeoutMs`, a host that has not answered by then counts as unreachable.
 */
export async function callHost(host: HostInfo, method: string, input: unknown, options: { readonly timeoutMs?: number } = {}): Promise<unknown> {
  let answer: { status: number; text: string };
  try {
    answer = await post(new URL(`api/${method}`, host.url), JSON.stringify(input ?? null), options.timeoutMs, {
      // The CLI's own token makes the host record these calls as the CLI's; no header could.
      authorization: `Bearer ${host.cliToken ?? host.token}`,
      'content-type': 'application/json',
    });
  } catch (error) {
    throw new ApiError(
      'unavailable',
      `Could not reach the running Steward at ${host.url} (${error instanceof Error ? error.message : String(error)}). Is it still running?`,
    );
  }
  const body = parseJson(answer.text);
  if (answer.status < 200 || answer.status > 299) {
    const payload = (body as { error?: unknown } | null)?.error;
    throw isApiErrorPayload(payload) ? new ApiError(payload.code, payload.message) : new ApiError('internal', `HTTP ${answer.status}`);
  }
  return body;
}

function post(url: URL, body: string, timeoutMs: number | undefined, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent: false, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    if (timeoutMs !== undefined) {
      const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      request.on('close', () => clearTimeout(timer));
    }
    request.end(body);
  });
}

/** The body as JSON, or null when it is none (as fetch's `response.json().catch(() => null)`). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
