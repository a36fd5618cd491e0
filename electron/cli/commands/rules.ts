/** `steward rules`: the rules made with "Always do this": list, pause, resume, edit, delete. */
import type { Command } from 'commander';
import { ApiError } from '@shared/api/errors.js';
import type { EngineApi } from '@shared/api/contract.js';
import type { Rule } from '@shared/domain/permissions.js';
import type { CliContext } from '../context.js';
import * as render from '../render.js';

type RuleUpdate = Parameters<EngineApi['updateRule']>[0];

interface EditOptions {
  name?: string;
  sender?: string;
  listId?: string;
  folder?: string;
  recipientDomain?: string;
  detector?: string;
  capabilities?: string;
}

export function registerRuleCommands(program: Command, ctx: CliContext): void {
  const rules = program.command('rules').description('rules made with "Always do this" on an approved suggestion (approve with --always to make one)');
  const list = ctx.withApi(async (api) => {
    const all = await api.listRules();
    ctx.print(all, () => render.renderRules(all));
  });
  rules.action(list);
  rules.command('list').description('every rule, with what it matches and how often it ran').action(list);

  rules
    .command('add')
    .description('always do this: a rule from a suggestion you already approved (or use `steward approve ID --always`)')
    .argument('<suggestion>', 'suggestion id (or its first characters), as `steward suggestions --all` shows')
    .option('--name <name>', 'a name for it (default: what it does)')
    .action(
      ctx.withApi(async (api, _c, suggestionId: string, options: { name?: string }) => {
        const rule = await api.createRule({ suggestionId, ...(options.name ? { name: options.name } : {}) });
        ctx.print(rule, () => `Made “${rule.name}”: ${rule.words}. Plans it matches run without asking.`);
      }),
    );

  const change = (verb: string, description: string, update: (id: string) => RuleUpdate, done: (rule: Rule) => string) =>
    rules
      .command(verb)
      .description(description)
      .argument('<id>', 'rule id (or its first characters)')
      .action(
        ctx.withApi(async (api, _c, id: string) => {
          const rule = await api.updateRule(update(id));
          ctx.print(rule, () => done(rule));
        }),
      );
  change('pause', 'stop a rule for now: what it matched asks again', (id) => ({ id, paused: true }), (r) => `Paused “${r.name}”: what it matched asks again.`);
  change('resume', 'let a paused rule run plans again', (id) => ({ id, paused: false }), (r) => `Resumed “${r.name}”: ${r.words}.`);

  rules
    .command('edit')
    .description('rename a rule or change what it matches (a field set to "any" matches anything)')
    .argument('<id>', 'rule id (or its first characters)')
    .option('--name <name>', 'a new name')
    .option('--sender <address|any>', 'only mail from this address')
    .option('--list-id <id|any>', 'only mail of this mailing list (its List-Id)')
    .option('--folder <name|any>', 'only mail in this folder')
    .option('--recipient-domain <domain|any>', 'only when every recipient is in this domain')
    .option('--detector <id|any>', 'only what this detector proposed (e.g. newsletters)')
    .option('--capabilities <list>', 'comma-separated capabilities the plan may use, e.g. email.archive')
    .action(
      ctx.withApi(async (api, _c, id: string, options: EditOptions) => {
        const field = (value: string | undefined) => (value === undefined ? {} : { value: value.toLowerCase() === 'any' ? null : value });
        const edit: Record<string, unknown> = { id };
        if (options.name !== undefined) edit.name = options.name;
        for (const [key, value] of [
          ['sender', options.sender],
          ['listId', options.listId],
          ['folder', options.folder],
          ['recipientDomain', options.recipientDomain],
          ['detector', options.detector],
        ] as const) {
          const f = field(value);
          if ('value' in f) edit[key] = f.value;
        }
        if (options.capabilities !== undefined) edit.capabilities = options.capabilities.split(',').map((c) => c.trim()).filter(Boolean);
        if (Object.keys(edit).length === 1) throw new ApiError('invalid_input', 'Nothing to change: give --name, --sender, --list-id, --folder, --recipient-domain, --detector or --capabilities.');
        const rule = await api.updateRule(edit as RuleUpdate);
        ctx.print(rule, () => `“${rule.name}”: ${rule.words}.`);
      }),
    );

  rules
    .command('delete')
    .description('delete a rule: what it matched asks again')
    .argument('<id>', 'rule id (or its first characters)')
    .action(
      ctx.withApi(async (api, _c, id: string) => {
        const rule = await api.deleteRule({ id });
        ctx.print(rule, () => `Deleted “${rule.name}”: what it matched asks again.`);
      }),
    );
}
