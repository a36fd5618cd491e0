/**
 * `steward grants`: what Steward may do per app or connected account: deny, ask or allow, with
 * scopes (folders, calendars, folder roots), conditions (own domain, listed domains, a detector)
 * and an expiry.
 */
import type { Command } from 'commander';
import { ApiError } from '@shared/api/errors.js';
import type { EngineApi } from '@shared/api/contract.js';
import type { GrantPredicate } from '@shared/domain/permissions.js';
import type { CliContext } from '../context.js';
import * as render from '../render.js';

interface SetOptions {
  account?: string;
  folder?: string[];
  calendar?: string[];
  root?: string[];
  onlyOwnDomain?: boolean;
  onlyDomain?: string[];
  onlyDetector?: string;
  until?: string;
  confirm?: boolean;
}

type SetGrantInput = Parameters<EngineApi['setGrant']>[0];

export function registerGrantCommands(program: Command, ctx: CliContext): void {
  const grants = program.command('grants').description('what Steward may do per app or account: deny, ask or allow, where, and until when');
  grants.action(
    ctx.withApi(async (api) => {
      const list = await api.listGrants();
      ctx.print(list, () => render.renderGrants(list));
    }),
  );
  grants
    .command('set')
    .description('set a capability to deny, ask or allow, e.g. `steward grants set imap email.archive allow --account you@example.com --only-detector newsletters --until 2026-12-09`')
    .argument('<app>', 'imap | gmail')
    .argument('<capability>', 'e.g. email.archive (see `steward grants`)')
    .argument('<mode>', 'deny | ask | allow')
    .option('--account <id-or-address>', 'only for this connected account (default: every account of the app)')
    .option('--folder <name...>', 'allow only in these folders (mailboxes or labels)')
    .option('--calendar <name...>', 'allow only in these calendars')
    .option('--root <id...>', 'allow only under these granted folder roots')
    .option('--only-own-domain', "allow only when every recipient is in the account's own domain")
    .option('--only-domain <domain...>', 'allow only when every recipient is in these domains')
    .option('--only-detector <id>', 'allow only what this detector proposed (e.g. newsletters)')
    .option('--until <date>', 'the grant lapses then (2026-12-09 means until the end of that day, UTC)')
    .option('--confirm', 'the second confirmation an Allow of a destructive capability (e.g. email.trash) needs')
    .action(
      ctx.withApi(async (api, _c, app: string, capability: string, mode: string, options: SetOptions) => {
        const accountId = options.account ? await accountIdOf(api, options.account) : null;
        const predicates: GrantPredicate[] = [
          ...(options.onlyOwnDomain ? [{ kind: 'own-domain' } as const] : []),
          ...(options.onlyDomain ? [{ kind: 'recipient-domains', domains: options.onlyDomain } as const] : []),
          ...(options.onlyDetector ? [{ kind: 'detector', detector: options.onlyDetector } as const] : []),
        ];
        const input = {
          app,
          capability,
          mode,
          accountId,
          scope: { folders: options.folder ?? [], calendars: options.calendar ?? [], pathRoots: options.root ?? [] },
          predicates,
          expiresAt: options.until ? expiryOf(options.until) : null,
          confirm: options.confirm === true,
        } as unknown as SetGrantInput;
        const grant = await api.setGrant(input);
        ctx.print(grant, () => grant.words);
      }),
    );
  grants
    .command('clear')
    .description("remove an account's own grant: the app's grant (or the default) applies to it again")
    .argument('<app>')
    .argument('<capability>')
    .requiredOption('--account <id-or-address>', 'the connected account')
    .action(
      ctx.withApi(async (api, _c, app: string, capability: string, options: { account: string }) => {
        const accountId = await accountIdOf(api, options.account);
        const grant = await api.clearGrant({ app, capability, accountId } as Parameters<EngineApi['clearGrant']>[0]);
        ctx.print(grant, () => `Now: ${grant.words}`);
      }),
    );
}

/** An account by id, id prefix or address. */
export async function accountIdOf(api: EngineApi, value: string): Promise<string> {
  const accounts = await api.listAccounts();
  const wanted = value.toLowerCase();
  const found = accounts.filter((a) => a.email.toLowerCase() === wanted || a.id === value || (value.length >= 4 && a.id.startsWith(value)));
  if (found.length === 1 && found[0]) return found[0].id;
  if (found.length > 1) throw new ApiError('invalid_input', `More than one account matches "${value}": give its full id (see \`steward accounts list\`).`);
  throw new ApiError('not_found', `No account "${value}". See \`steward accounts list\`.`);
}

/** "2026-12-09" → the end of that day (UTC); a full date and time as given. */
function expiryOf(value: string): string {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59Z` : value;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new ApiError('invalid_input', `"${value}" is not a date: give one like 2026-12-09 or 2026-12-09T18:00:00Z.`);
  return at.toISOString();
}
