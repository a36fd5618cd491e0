/** `steward config`: the settings that are not secrets (quiet hours, time zone, …). */
import type { Command } from 'commander';
import type { ConfigEntry } from '@shared/config/index.js';
import type { CliContext } from '../context.js';
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
    .description('change a setting, e.g. `steward config set interruptions.quietHours 22:00-07:00` (null clears one that allows it)')
    .argument('<key>')
    .argument('<value>', 'a number, true/false, null, or text')
    .action(
      ctx.withApi(async (api, _c, key: string, value: string) => {
        const entry = await api.setConfig({ key, value: parseValue(value) });
        ctx.print(entry, () => `${entry.key} = ${formatValue(entry.value)}`);
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
  ]);
}
