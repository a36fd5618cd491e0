/**
 * The host's access token in a browser. `steward host` prints a URL ending in `#token=…`; the
 * token is kept in sessionStorage so that moving between the popover page and settings.html
 * keeps it, and it is taken out of the address bar so it does not linger in screenshots or
 * get copied along with the URL by accident.
 */
const STORAGE_KEY = 'steward.accessToken';

/** The token for this page's lifetime, in case storage is unavailable. */
let current: string | null = null;

export function readAccessToken(): string | null {
  const fromHash = tokenInHash(window.location.hash);
  if (fromHash) {
    remember(fromHash);
    const url = new URL(window.location.href);
    url.hash = '';
    window.history.replaceState(window.history.state, '', url.pathname + url.search);
    return fromHash;
  }
  return recall();
}

/** Forgets a token the host refused, so that a reload shows the "open the link" screen. */
export function forgetAccessToken(): void {
  current = null;
  try {
    window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage can be unavailable (private mode, disabled storage): nothing to forget then.
  }
}

/** A link to another page of the UI that carries the token, for tabs that do not share storage. */
export function pageHrefWithToken(page: string): string {
  const token = recall();
  return token ? `${page}#token=${encodeURIComponent(token)}` : page;
}

function tokenInHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token')?.trim();
  return token ? token : null;
}

function remember(token: string): void {
  current = token;
  try {
    window.sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // Without storage the token still works for this page; a link to settings carries it along.
  }
}

function recall(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY) ?? current;
  } catch {
    return current;
  }
}
