/**
 * The sign-in half of `steward accounts add gmail|gcal`: starts the sign-in in the engine, prints
 * the address at once (the engine may run on a machine without a browser), opens it where there
 * is a browser, and waits until the browser comes back to Steward (5 minutes at most). Ctrl+C
 * cancels the sign-in.
 */
import type { EngineApi } from '@shared/api/contract.js';
import type { SignInInput } from '@shared/connectors/index.js';
import type { CliContext } from '../../context.js';
import { openInBrowser } from '../../open-browser.js';
import * as render from '../../render.js';

export interface GoogleSignInOptions {
  email?: string;
  clientId?: string;
  clientSecret?: string;
  name?: string;
  browser: boolean;
}

/** The fields every Google kind takes, from the options and the environment. */
export function googleInputFields(options: GoogleSignInOptions): Omit<SignInInput, 'kind' | 'labels'> {
  return {
    ...(options.email ? { email: options.email } : {}),
    ...optional('clientId', options.clientId ?? process.env.STEWARD_GOOGLE_CLIENT_ID),
    ...optional('clientSecret', options.clientSecret ?? process.env.STEWARD_GOOGLE_CLIENT_SECRET),
    ...(options.name ? { displayName: options.name } : {}),
  };
}

/** `watching` ends "Steward is watching …": "its mail", "its calendars". */
export async function signInToGoogle(api: EngineApi, ctx: CliContext, input: SignInInput, browserWanted: boolean, watching: string): Promise<void> {
  const known = new Set((await api.listAccounts()).map((account) => account.id));
  const start = await api.beginSignIn(input);
  // Under --json stdout carries only the result; the address still reaches the user.
  const say = ctx.globals().json ? ctx.io.err : ctx.io.out;
  say(`Open this address to sign in: ${start.url}\n`);
  const browser = await openInBrowser(start.url, browserWanted);
  const port = new URL(new URL(start.url).searchParams.get('redirect_uri') ?? 'http://127.0.0.1/').port;
  ctx.io.err(
    (browser ? `${browser} ` : 'Opened it in your browser. ') +
      `Google sends the browser back to http://127.0.0.1:${port}/ on the machine Steward runs on; ` +
      `from another machine, forward that port first (ssh -L ${port}:127.0.0.1:${port} …).\n` +
      `Waiting for the sign-in (until ${new Date(start.expiresAt).toLocaleTimeString()}; Ctrl+C cancels)…\n`,
  );
  const cancel = () => void api.cancelSignIn({ signInId: start.signInId }).catch(() => undefined);
  process.once('SIGINT', cancel);
  try {
    const account = await api.completeSignIn({ signInId: start.signInId });
    ctx.print(account, () =>
      known.has(account.id)
        ? `Signed in to ${account.email} again (${render.shortId(account.id)}). Steward is watching it again.`
        : `Added ${account.email} (${render.shortId(account.id)}). Steward is watching ${watching}.`,
    );
  } finally {
    process.off('SIGINT', cancel);
  }
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  const trimmed = value?.trim();
  return trimmed ? ({ [key]: trimmed } as Record<K, string>) : {};
}
