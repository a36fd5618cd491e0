/** `steward suggestions`, `approve`, `edit`, `dismiss`, `undo`, `activity`: what Steward proposes and what ran. */
import { Option, type Command } from 'commander';
import { ApiError } from '@shared/api/errors.js';
import type { CliContext } from '../context.js';
import { parsePositive } from '../parse.js';
import { readAllStdin } from '../prompt.js';
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
    .addOption(new Option('--send', 'send the message the plan composes (it waits out the undo window first; returns once it is queued)').conflicts('draft'))
    .addOption(new Option('--draft', 'save the message the plan composes as a draft instead of sending it'))
    .option('--always', 'always do this: make a rule, so plans like it (same detector, sender, list or folder) run without asking')
    .action(
      ctx.withApi(async (api, connection, id: string, options: { revision?: number; send?: boolean; draft?: boolean; always?: boolean }) => {
        const send = options.send ? true : options.draft ? false : undefined;
        const result = await api.approveSuggestion({
          id,
          ...(options.revision ? { revision: options.revision } : {}),
          ...(send === undefined ? {} : { send }),
          ...(options.always ? { always: true } : {}),
        });
        ctx.print(result, () =>
          [render.renderSuggestionResult(result, { localEngine: connection.via.kind === 'local' }), options.always ? 'Made a rule: plans like this run without asking. See `steward rules`.' : null]
            .filter(Boolean)
            .join('\n'),
        );
        const queued = result.actions.some((a) => a.status === 'scheduled');
        if (result.status !== 'done' && !queued) process.exitCode = 1;
      }),
    );

  program
    .command('edit')
    .description('replace the text of the message a suggestion composes (a reply), before it is saved or sent')
    .argument('<id>', 'suggestion id (or its first characters)')
    .option('--body-stdin', 'read the new text from standard input (required)')
    .option('--revision <n>', 'only if the suggestion is still at this revision (default: the current one)', parsePositive)
    .action(
      ctx.withApi(async (api, _c, id: string, options: { bodyStdin?: boolean; revision?: number }) => {
        if (!options.bodyStdin) throw new ApiError('invalid_input', 'Give the new text on standard input with --body-stdin, e.g. `steward edit 3f2a --body-stdin < reply.txt`.');
        const body = await readAllStdin();
        const revision = options.revision ?? (await api.getSuggestion({ id })).revision;
        const result = await api.editSuggestion({ id, revision, body });
        ctx.print(result, () => `Saved revision ${result.revision} of "${result.title}". Approve it with: steward approve ${render.shortId(result.id)} --revision ${result.revision} [--send]`);
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
    .description('undo an action, or every step of a suggestion that ran; recalls a message still waiting to be sent')
    .argument('<id>', 'action or suggestion id')
    .action(
      ctx.withApi(async (api, _c, id: string) => {
        const undone = await api.undo({ id });
        ctx.print(undone, () => undone.map((a) => render.renderUndone(a)).join('\n'));
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
