/**
 * `steward status`, `pause` and `resume`: the kill switch from a terminal. A pause or resume of a
 * running Steward is answered by fast-path.ts before this program loads; these serve the rest.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { CliContext } from '../context.js';
import { hardPause } from '../hard-pause.js';
import { hardPauseWords, pauseInput, PAUSED_WORDS, RESUMED_WORDS } from '../kill-switch-words.js';
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
        ctx.print(done, () => hardPauseWords(done));
        return;
      }
      await ctx.withApi(async (api) => {
        const status = await api.pause(pauseInput(options.reason));
        ctx.print(status, () => PAUSED_WORDS);
      })();
    });

  program
    .command('resume')
    .description('let Steward act again (on what you approve)')
    .action(
      ctx.withApi(async (api) => {
        const status = await api.resume();
        ctx.print(status, () => RESUMED_WORDS);
      }),
    );
}
