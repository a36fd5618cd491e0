/** `steward accounts add caldav …`: calendars over CalDAV (iCloud, Fastmail, Nextcloud, Radicale). */
import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { readSecrets } from '../../prompt.js';
import * as render from '../../render.js';
import { smtpChoice, withSmtpOptions, type SmtpOptions } from './smtp-options.js';

interface AddCaldavOptions extends SmtpOptions {
  url: string;
  user: string;
  email?: string;
  name?: string;
}

export function registerAddCaldav(add: Command, ctx: CliContext): void {
  withSmtpOptions(
    add
      .command('caldav')
      .description('calendars over CalDAV: iCloud, Fastmail, Nextcloud, Radicale (the password goes to the OS keychain)')
      .requiredOption('--url <url>', 'the server address, like https://caldav.fastmail.com (Steward finds the calendars from it)')
      .requiredOption('--user <name>', 'login name')
      .option('--email <address>', 'the address invitations reach you at (default: the login name, when it is an address)')
      .option('--name <display name>', 'a name for the account in lists')
      .option('--password-stdin', 'read the password from standard input'),
    'answers to invitations reach your calendar but not the organiser (unless the server delivers them)',
  ).action(
    ctx.withApi(async (api, _c, options: AddCaldavOptions) => {
      const smtp = smtpChoice(options);
      const prompts = [`Password for ${options.user}: `, ...(smtp?.ownPassword ? [`SMTP password for ${options.smtpUser ?? options.user}: `] : [])];
      const [password = '', smtpPassword] = await readSecrets(prompts);
      const account = await api.addAccount({
        kind: 'caldav',
        url: options.url,
        username: options.user,
        password,
        ...(options.email ? { email: options.email } : {}),
        ...(options.name ? { displayName: options.name } : {}),
        ...(smtp
          ? {
              smtp: {
                host: smtp.host,
                port: smtp.port,
                security: smtp.security,
                ...(options.smtpUser ? { username: options.smtpUser } : {}),
                ...(smtpPassword !== undefined ? { password: smtpPassword } : {}),
              },
            }
          : {}),
      });
      ctx.print(account, () => `Added ${account.email} (${render.shortId(account.id)}). Steward is reading its calendars; see them with \`steward events\`.`);
    }),
  );
}
