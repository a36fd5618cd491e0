/** `steward ledger`: the record of every decision, its verification, filters and export. */
import type { Command } from 'commander';
import type { LedgerFilter } from '@shared/api/inputs.js';
import type { CliContext } from '../context.js';
import { exportFormatOf, exportLedger } from '../ledger-export.js';
import { parsePositive } from '../parse.js';
import * as render from '../render.js';

interface LedgerOptions {
  readonly verify?: boolean;
  readonly accept?: boolean;
  readonly limit?: number;
  readonly export?: string;
  readonly format?: string;
  readonly kind?: string;
  readonly app?: string;
  readonly capability?: string;
  readonly decision?: string;
  readonly actor?: string;
  readonly since?: string;
  readonly until?: string;
}

export function registerLedgerCommand(program: Command, ctx: CliContext): void {
  program
    .command('ledger')
    .description('the record of every decision and action; --verify checks it, --export FILE writes it out')
    .option('--verify', 'check that no entry was edited, deleted, rolled back or replaced')
    .option('--accept', 'after restoring the data folder from a backup on purpose: keep this database as the ledger (recorded in it)')
    .option('--limit <n>', 'how many entries', parsePositive)
    .option('--export <file>', 'write the entries (oldest first) to a new file, readable by you only')
    .option('--format <format>', 'jsonl or csv (default: from the file name, .jsonl or .csv)')
    .option('--kind <kind>', 'only entries of this kind, or its family ("gate", "action.executed")')
    .option('--app <app>', 'only entries about this app (imap, gmail)')
    .option('--capability <capability>', 'only entries about this capability (email.archive)')
    .option('--decision <decision>', "only the gate's decisions of this kind: asked, allowed, denied or refused")
    .option('--actor <actor>', 'only entries by this actor ("user" is every user:…, "engine", "breaker")')
    .option('--since <time>', 'only entries from this time on (2026-12-01T09:00:00Z)')
    .option('--until <time>', 'only entries before this time')
    .action(
      ctx.withApi(async (api, _c, options: LedgerOptions) => {
        if (options.accept) {
          const result = await api.acceptLedger();
          ctx.print(result, () => `Accepted this database as the ledger (recorded as its latest entry).\n${render.renderVerification(result)}`);
          if (!result.ok) process.exitCode = 3;
          return;
        }
        if (options.verify) {
          const result = await api.verifyLedger();
          ctx.print(result, () => render.renderVerification(result));
          if (!result.ok) process.exitCode = 3;
          return;
        }
        // The engine checks the filter's values and says in words what is wrong with one.
        const filter = filterOf(options) as LedgerFilter;
        if (options.export) {
          const file = options.export;
          const format = exportFormatOf(file, options.format);
          const count = await exportLedger(api, file, format, filter);
          ctx.print({ file, format, entries: count }, () => `Exported ${count} ${count === 1 ? 'entry' : 'entries'} to ${file} (${format === 'csv' ? 'CSV' : 'JSON Lines'}, readable by you only).`);
          return;
        }
        const list = await api.listLedger({ ...filter, limit: options.limit ?? 50 });
        ctx.print(list, () => render.renderLedger(list));
      }),
    );
}

function filterOf(options: LedgerOptions): Record<string, string> {
  const filter: Record<string, string> = {};
  for (const key of ['kind', 'app', 'capability', 'decision', 'actor', 'since', 'until'] as const) {
    const value = options[key];
    if (value !== undefined) filter[key] = value;
  }
  return filter;
}
