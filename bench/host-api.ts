/**
 * The HTTP API of a `steward host` a benchmark started, as the CLI and the web UI reach it: the
 * address and token it writes to host.json, and one POST per method.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export type Api = (method: string, input?: unknown) => Promise<unknown>;

/** Waits for the host to write host.json (at most 60 s), then calls its API with its token. */
export async function hostApi(dataDir: string): Promise<Api> {
  const file = join(dataDir, 'host.json');
  const deadline = Date.now() + 60_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error('steward host did not start within 60 s');
    await sleep(100);
  }
  const { url, token } = JSON.parse(readFileSync(file, 'utf8')) as { url: string; token: string };
  const origin = new URL(url).origin;
  return async (method, input) => {
    const response = await fetch(`${origin}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: input === undefined ? '' : JSON.stringify(input),
    });
    const body = (await response.json()) as unknown;
    if (!response.ok) throw new Error(`${method}: ${JSON.stringify(body)}`);
    return body;
  };
}
