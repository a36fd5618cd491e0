/** `steward status`, `pause` and `resume`: the kill switch from a terminal. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { CliContext } from '../context.js';
import { hardPause } from '../hard-pause.js';
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
    .option('--hard', 'end a running Steward that does not acknowledge within 1 s; the next start begins paused')
    .action(async (options: { reason?: string; hard?: boolean }) => {
      if (options.hard) {
        const done = await hardPause(resolve(ctx.globals().dataDir), options.reason);
        ctx.print(done, () =>
          done.outcome === 'ended'
            ? `Steward (process ${done.pid}) did not answer within 1 s, so it was ended. It stays paused when it starts again, until you run \`steward resume\`.`
            : 'Paused: Steward will not act until you run `steward resume`.',
        );
        return;
      }
      await ctx.withApi(async (api) => {
        const status = await api.pause(options.reason ? { reason: options.reason } : {});
        ctx.print(status, () => 'Paused: Steward will not act until you run `steward resume`.');
      })();
    });

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
