/**
 * `steward accounts add gmail …`: a Gmail account, by signing in to Google in a browser. Prints
 * the sign-in address at once (the engine may run on a machine without a browser), opens it where
 * there is a browser, and waits until the browser comes back to Steward (5 minutes at most).
 * Ctrl+C cancels the sign-in.
 */
import type { Command } from 'commander';
import type { GmailAccountInput } from '@shared/connectors/index.js';
import type { CliContext } from '../../context.js';
import { openInBrowser } from '../../open-browser.js';
import * as render from '../../render.js';

interface AddGmailOptions {
  email?: string;
  clientId?: string;
  clientSecret?: string;
  name?: string;
  label?: string[];
  browser: boolean;
}

export function registerAddGmail(add: Command, ctx: CliContext): void {
  add
    .command('gmail')
    .description('a Gmail account, by signing in to Google in your browser (no password; the sign-in goes to the OS keychain)')
    .option('--email <address>', 'the Google account you will sign in with (any other is refused)')
    .option('--client-id <id>', 'your Google OAuth client ID (Desktop app); default: $STEWARD_GOOGLE_CLIENT_ID')
    .option('--client-secret <secret>', 'that client’s secret; default: $STEWARD_GOOGLE_CLIENT_SECRET')
    .option('--name <display name>', 'your name, used in drafts')
    .option('--label <name>', 'only mail under this label (repeat for more); default: all mail but Spam and Trash', collect, [])
    .option('--no-browser', 'only print the address, do not open a browser')
    .action(
      ctx.withApi(async (api, _c, options: AddGmailOptions) => {
        const input: GmailAccountInput = {
          kind: 'gmail',
          ...(options.email ? { email: options.email } : {}),
          ...optional('clientId', options.clientId ?? process.env.STEWARD_GOOGLE_CLIENT_ID),
          ...optional('clientSecret', options.clientSecret ?? process.env.STEWARD_GOOGLE_CLIENT_SECRET),
          ...(options.name ? { displayName: options.name } : {}),
          ...(options.label && options.label.length > 0 ? { labels: options.label } : {}),
        };
        const known = new Set((await api.listAccounts()).map((account) => account.id));
        const start = await api.beginSignIn(input);
        // Under --json stdout carries only the result; the address still reaches the user.
        const say = ctx.globals().json ? ctx.io.err : ctx.io.out;
        say(`Open this address to sign in: ${start.url}\n`);
        const browser = await openInBrowser(start.url, options.browser);
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
              : `Added ${account.email} (${render.shortId(account.id)}). Steward is watching its mail.`,
          );
        } finally {
          process.off('SIGINT', cancel);
        }
      }),
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  const trimmed = value?.trim();
  return trimmed ? ({ [key]: trimmed } as Record<K, string>) : {};
}
