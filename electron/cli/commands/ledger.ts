/** `steward ledger`: the record of every decision, and its verification. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { parsePositive } from '../parse.js';
import * as render from '../render.js';

export function registerLedgerCommand(program: Command, ctx: CliContext): void {
  program
    .command('ledger')
    .description('the record of every decision and action; --verify checks its hash chain')
    .option('--verify', 'check that no entry was edited or deleted')
    .option('--limit <n>', 'how many entries', parsePositive)
    .action(
      ctx.withApi(async (api, _c, options: { verify?: boolean; limit?: number }) => {
        if (options.verify) {
          const result = await api.verifyLedger();
          ctx.print(result, () => render.renderVerification(result));
          if (!result.ok) process.exitCode = 3;
          return;
        }
        const list = await api.listLedger({ limit: options.limit ?? 50 });
        ctx.print(list, () => render.renderLedger(list));
      }),
    );
}
