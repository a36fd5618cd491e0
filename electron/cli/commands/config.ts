/**
 * `steward config`: the settings (quiet hours, time zone, models, budget, …). Secrets (the model's
 * API key) go in with --stdin, to the secret store, and are never printed.
 */
import type { Command } from 'commander';
import { isSecretKey, SECRET_KEYS, type ConfigEntry } from '@shared/config/index.js';
import type { CliContext } from '../context.js';
import { readSecret } from '../prompt.js';
import { table } from '../render.js';

export function registerConfigCommands(program: Command, ctx: CliContext): void {
  const config = program
    .command('config')
    .description('settings: `steward config` lists them, `steward config set KEY VALUE` changes one')
    .action(
      ctx.withApi(async (api) => {
        const entries = await api.getConfig();
        ctx.print(entries, () => renderConfig(entries));
      }),
    );
  config
    .command('get')
    .description('one setting’s value')
    .argument('<key>')
    .action(
      ctx.withApi(async (api, _c, key: string) => {
        const entry = (await api.getConfig()).find((e) => e.key === key);
        if (!entry) throw new Error(`There is no setting "${key}". See \`steward config\`.`);
        ctx.print(entry, () => formatValue(entry.value));
      }),
    );
  config
    .command('set')
    .description('change a setting, e.g. `steward config set interruptions.quietHours 22:00-07:00` (null clears one that allows it); secrets with --stdin')
    .argument('<key>')
    .argument('[value]', 'a number, true/false, null, or text')
    .option('--stdin', 'read the value from standard input (or a prompt that does not echo): the way to set model.apiKey')
    .action(
      ctx.withApi(async (api, _c, key: string, value: string | undefined, options: { stdin?: boolean }) => {
        if (isSecretKey(key)) {
          if (value !== undefined) {
            throw new Error(`${key} is a secret: a value typed on the command line stays in your shell history. Give it on standard input: printf '%s' "$KEY" | steward config set ${key} --stdin (or run it in a terminal and paste it at the prompt).`);
          }
          if (!options.stdin) throw new Error(`${key} is a secret: set it with \`steward config set ${key} --stdin\`.`);
          const secret = await readSecret('Anthropic API key (input hidden): ');
          const view = await api.setApiKey({ apiKey: secret });
          ctx.print({ key, set: view.apiKey.set, source: view.apiKey.source }, () => `${key} saved in the secret store; Steward can now use the model.`);
          return;
        }
        const raw = options.stdin ? await readSecret(`${key}: `) : value;
        if (raw === undefined) throw new Error(`Give a value for ${key}, e.g. \`steward config set ${key} VALUE\`.`);
        const entry = await api.setConfig({ key, value: parseValue(raw) });
        ctx.print(entry, () => `${entry.key} = ${formatValue(entry.value)}`);
      }),
    );
  config
    .command('unset')
    .description('back to the default (for model.apiKey: remove the key from the secret store)')
    .argument('<key>')
    .action(
      ctx.withApi(async (api, _c, key: string) => {
        if (isSecretKey(key)) {
          const view = await api.setApiKey({ apiKey: null });
          ctx.print({ key, set: view.apiKey.set, source: view.apiKey.source }, () =>
            view.apiKey.set ? `${key} removed from the secret store; ANTHROPIC_API_KEY still applies.` : `${key} removed: Steward runs on its detectors only.`,
          );
          return;
        }
        const current = (await api.getConfig()).find((e) => e.key === key);
        if (!current) throw new Error(`There is no setting "${key}". See \`steward config\`.`);
        const entry = await api.setConfig({ key, value: current.default });
        ctx.print(entry, () => `${entry.key} = ${formatValue(entry.value)} (default)`);
      }),
    );
}

/** What the user typed, as the JSON value it most plausibly means ("4" → 4, "null" → null, else text). */
export function parseValue(raw: string): unknown {
  if (/^(-?\d+(\.\d+)?|true|false|null)$/.test(raw.trim())) return JSON.parse(raw.trim()) as unknown;
  return raw;
}

function formatValue(value: unknown): string {
  return value === '' ? '(empty)' : typeof value === 'string' ? value : JSON.stringify(value);
}

function renderConfig(entries: readonly ConfigEntry[]): string {
  return table([
    ['KEY', 'VALUE', 'WHAT IT DOES'],
    ...entries.map((e) => [e.key, `${formatValue(e.value)}${e.isDefault ? ' (default)' : ''}`, e.description]),
    // Secrets are never printed: whether one is set shows in `steward model`.
    ...Object.entries(SECRET_KEYS).map(([key, info]) => [key, '(secret: see `steward model`)', `${info.description} Set: ${info.example}`]),
  ]);
}
