/** `steward suggestions`, `approve`, `dismiss`, `undo`, `activity`: what Steward proposes and what ran. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { parsePositive } from '../parse.js';
import * as render from '../render.js';

export function registerSuggestionCommands(program: Command, ctx: CliContext): void {
  program
    .command('suggestions')
    .description('what Steward proposes (open ones; --all for every state)')
    .option('--all', 'include done, dismissed and undone ones')
    .action(
      ctx.withApi(async (api, _c, options: { all?: boolean }) => {
        const list = await api.listSuggestions({ include: options.all ? 'all' : 'open' });
        ctx.print(list, () => render.renderSuggestions(list));
      }),
    );

  program
    .command('approve')
    .description('approve a suggestion and run its plan')
    .argument('<id>', 'suggestion id (or its first characters)')
    .option('--revision <n>', 'only if the plan is still at this revision', parsePositive)
    .action(
      ctx.withApi(async (api, _c, id: string, options: { revision?: number }) => {
        const result = await api.approveSuggestion({ id, ...(options.revision ? { revision: options.revision } : {}) });
        ctx.print(result, () => render.renderSuggestionResult(result));
        if (result.status !== 'done') process.exitCode = 1;
      }),
    );

  program
    .command('dismiss')
    .description('dismiss a suggestion')
    .argument('<id>')
    .action(
      ctx.withApi(async (api, _c, id: string) => {
        const result = await api.dismissSuggestion({ id });
        ctx.print(result, () => `Dismissed: ${result.title}`);
      }),
    );

  program
    .command('undo')
    .description("undo an action, or every step of a suggestion that ran")
    .argument('<id>', 'action or suggestion id')
    .action(
      ctx.withApi(async (api, _c, id: string) => {
        const undone = await api.undo({ id });
        ctx.print(undone, () => undone.map((a) => `Undone: ${a.result ?? a.title}`).join('\n'));
      }),
    );

  program
    .command('activity')
    .description('what ran, newest first, with what can still be undone')
    .option('--limit <n>', 'how many', parsePositive)
    .action(
      ctx.withApi(async (api, _c, options: { limit?: number }) => {
        const list = await api.listActivity({ limit: options.limit ?? 50 });
        ctx.print(list, () => render.renderActions(list));
      }),
    );
}
