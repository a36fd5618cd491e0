import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SecretStore } from '../engine/index.js';

export interface HostToken {
  readonly token: string;
  /** False when the keychain was unavailable and the token lasts for this run only. */
  readonly persisted: boolean;
}

/**
 * The token every request from the browser must carry. It lives in the OS keychain so the URL
 * keeps working across restarts; without a keychain a fresh one is made per run. `rotate` (the
 * `steward host --new-token` option) replaces it, so an address left in a browser's history or
 * a shell's scrollback stops working.
 */
export async function hostToken(secrets: SecretStore, dataDir: string, options: { readonly rotate?: boolean } = {}): Promise<HostToken> {
  const key = `host-token:${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
  try {
    const existing = options.rotate ? null : await secrets.get(key);
    if (existing) return { token: existing, persisted: true };
    const token = newToken();
    await secrets.set(key, token);
    return { token, persisted: true };
  } catch {
    return { token: newToken(), persisted: false };
  }
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokensMatch(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
