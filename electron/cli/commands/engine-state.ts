/** `steward status`, `pause` and `resume`: the kill switch from a terminal. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import * as render from '../render.js';

export function registerEngineStateCommands(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('is Steward running or paused, and how are the accounts')
    .action(
      ctx.withApi(async (api, connection) => {
        const status = await api.getStatus();
        const via = connection.via.kind === 'host' ? `Answering at ${connection.via.url}` : 'Not running (showing what is stored)';
        ctx.print(status, () => render.renderStatus(status, via));
      }),
    );

  program
    .command('pause')
    .description('stop all agent activity now (the kill switch); persists until resume')
    .option('--reason <text>', 'why, for the ledger')
    .action(
      ctx.withApi(async (api, _c, options: { reason?: string }) => {
        const status = await api.pause(options.reason ? { reason: options.reason } : {});
        ctx.print(status, () => 'Paused: Steward will not act until you run `steward resume`.');
      }),
    );

  program
    .command('resume')
    .description('let Steward act again (on what you approve)')
    .action(
      ctx.withApi(async (api) => {
        const status = await api.resume();
        ctx.print(status, () => 'Resumed.');
      }),
    );
}
