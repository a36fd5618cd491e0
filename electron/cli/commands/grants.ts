/** `steward grants`: what Steward may do per app: deny, ask or allow. */
import type { Command } from 'commander';
import type { GrantMode } from '@shared/domain/types.js';
import type { CliContext } from '../context.js';
import * as render from '../render.js';

export function registerGrantCommands(program: Command, ctx: CliContext): void {
  const grants = program.command('grants').description('what Steward may do per app: deny, ask or allow');
  grants.action(
    ctx.withApi(async (api) => {
      const list = await api.listGrants();
      ctx.print(list, () => render.renderGrants(list));
    }),
  );
  grants
    .command('set')
    .description('set a capability to deny, ask or allow, e.g. `steward grants set imap email.archive allow`')
    .argument('<app>')
    .argument('<capability>')
    .argument('<mode>', 'deny | ask | allow')
    .action(
      ctx.withApi(async (api, _c, app: string, capability: string, mode: string) => {
        const grant = await api.setGrant({ app, capability, mode } as { app: 'imap'; capability: 'email.read'; mode: GrantMode });
        ctx.print(grant, () => `${grant.capability} in ${grant.app}: ${grant.mode}`);
      }),
    );
}
