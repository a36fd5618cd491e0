/**
 * `steward accounts add gmail|gcal …`: a Gmail or Google Calendar account, by signing in to Google in a browser
 * (google-sign-in.ts).
 */
import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { googleInputFields, signInToGoogle, type GoogleSignInOptions } from './google-sign-in.js';

interface AddGmailOptions extends GoogleSignInOptions {
  label?: string[];
}

export function registerAddGmail(add: Command, ctx: CliContext): void {
  withGoogleOptions(add.command('gmail').description('a Gmail account, by signing in to Google in your browser (no password; the sign-in goes to the OS keychain)'), 'your name, used in drafts')
    .option('--label <name>', 'only mail under this label (repeat for more); default: all mail but Spam and Trash', collect, [])
    .action(
      ctx.withApi(async (api, _c, options: AddGmailOptions) => {
        const labels = options.label && options.label.length > 0 ? { labels: options.label } : {};
        await signInToGoogle(api, ctx, { kind: 'gmail', ...googleInputFields(options), ...labels }, options.browser, 'its mail');
      }),
    );
}

export function registerAddGcal(add: Command, ctx: CliContext): void {
  withGoogleOptions(add.command('gcal').description('a Google Calendar account, by signing in to Google in your browser (the same sign-in as Gmail)'), 'your name, as Steward shows it').action(
    ctx.withApi(async (api, _c, options: GoogleSignInOptions) => {
      await signInToGoogle(api, ctx, { kind: 'gcal', ...googleInputFields(options) }, options.browser, 'its calendars');
    }),
  );
}

function withGoogleOptions(command: Command, nameUse: string): Command {
  return command
    .option('--email <address>', 'the Google account you will sign in with (any other is refused)')
    .option('--client-id <id>', 'your Google OAuth client ID (Desktop app); default: $STEWARD_GOOGLE_CLIENT_ID')
    .option('--client-secret <secret>', 'that client’s secret; default: $STEWARD_GOOGLE_CLIENT_SECRET')
    .option('--name <display name>', nameUse)
    .option('--no-browser', 'only print the address, do not open a browser');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
