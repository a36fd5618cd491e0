/** `steward runs`, `steward model` and `steward memory`: what the agent did, how it is set up, what it keeps in mind. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { renderModelSettings, renderPreferences, renderRuns } from '../render-agent.js';

export function registerAgentCommands(program: Command, ctx: CliContext): void {
  program
    .command('runs')
    .description('the model’s runs, newest first: job, trigger, model, tokens, cost, outcome')
    .option('--limit <n>', 'how many', '20')
    .option('--job <kind>', 'only this job: triage, draft_reply, digest, brief, meeting_prep, review')
    .action(
      ctx.withApi(async (api, _c, options: { limit: string; job?: string }) => {
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new Error(`--limit takes a whole number from 1 to 500, not "${options.limit}".`);
        const runs = await api.listRuns({ limit, ...(options.job ? { job: options.job } : {}) });
        ctx.print(runs, () => renderRuns(runs));
      }),
    );

  program
    .command('model')
    .description('the model settings as they apply (whether a key is set, never the key), and today’s spend')
    .action(
      ctx.withApi(async (api) => {
        const view = await api.getModelSettings();
        ctx.print(view, () => renderModelSettings(view));
      }),
    );

  const memory = program
    .command('memory')
    .description('what Steward keeps in mind about your wishes (learned from what you approve, edit and dismiss); never a permission')
    .action(
      ctx.withApi(async (api) => {
        const preferences = await api.listPreferences();
        ctx.print(preferences, () => renderPreferences(preferences));
      }),
    );
  memory
    .command('add')
    .description('tell Steward something to keep in mind, e.g. `steward memory add "Sign replies with just A."`')
    .argument('<text...>')
    .action(
      ctx.withApi(async (api, _c, words: string[]) => {
        const added = await api.addPreference({ text: words.join(' ') });
        ctx.print(added, () => `Kept in mind: ${added.text}`);
      }),
    );
  memory
    .command('edit')
    .description('change a preference (a learned one becomes yours)')
    .argument('<id>')
    .argument('<text...>')
    .action(
      ctx.withApi(async (api, _c, id: string, words: string[]) => {
        const updated = await api.updatePreference({ id: await fullId(api, id), text: words.join(' ') });
        ctx.print(updated, () => `Changed: ${updated.text}`);
      }),
    );
  memory
    .command('delete')
    .description('forget a preference (a learned one is not learned again)')
    .argument('<id>')
    .action(
      ctx.withApi(async (api, _c, id: string) => {
        const removed = await api.removePreference({ id: await fullId(api, id) });
        ctx.print(removed, () => 'Forgotten.');
      }),
    );
}

/** People type the first characters of an id, as `steward memory` shows it. */
async function fullId(api: { listPreferences(): Promise<{ id: string }[]> }, prefix: string): Promise<string> {
  const matches = (await api.listPreferences()).filter((p) => p.id.startsWith(prefix));
  if (matches.length > 1) throw new Error(`More than one preference id starts with "${prefix}": type more of it.`);
  return matches[0]?.id ?? prefix;
}
