/**
 * Opening an address in the user's browser, where there is one. On a headless server (no display,
 * or a session over SSH) `xdg-open` would find no browser, or start a text browser that takes the
 * terminal over, so there the CLI only prints the address. The decision is a pure function; the
 * opening itself is `open` (sindresorhus), which knows each platform's way (open, start, xdg-open,
 * WSL) and does not wait for the browser.
 */
import open from 'open';

export type BrowserDecision = { readonly open: true } | { readonly open: false; readonly why: string };

export function browserDecision(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform, asked: boolean): BrowserDecision {
  if (!asked) return { open: false, why: 'you asked not to (--no-browser)' };
  if (env.SSH_CONNECTION || env.SSH_TTY) return { open: false, why: 'this is an SSH session' };
  if (platform === 'darwin' || platform === 'win32') return { open: true };
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return { open: true };
  return { open: false, why: 'there is no display here' };
}

/** Opens the address if this machine has a browser; resolves to what happened, in words, or null when it opened. */
export async function openInBrowser(url: string, asked = true): Promise<string | null> {
  const decision = browserDecision(process.env, process.platform, asked);
  if (!decision.open) return `No browser was opened: ${decision.why}.`;
  try {
    await open(url);
    return null;
  } catch (error) {
    return `The browser could not be opened (${error instanceof Error ? error.message : String(error)}).`;
  }
}
