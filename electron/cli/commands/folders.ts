/**
 * `steward folders add PATH [--name N]`, `steward folders list`, `steward folders remove ID`,
 * `steward folders working-on`: the folders Steward may look at, and what changed in them lately.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { GrantedFolder, WorkingOnGroup } from '@shared/domain/folders.js';
import type { CliContext } from '../context.js';
import { table } from '../render.js';

export function registerFolderCommands(program: Command, ctx: CliContext): void {
  const folders = program.command('folders').description('the folders Steward may look at (nothing outside them is ever read)');
  folders.action(ctx.withApi(async (api) => printFolders(ctx, await api.listFolders())));
  folders
    .command('list')
    .description('list the granted folders, how watching each stands, and their ids')
    .action(ctx.withApi(async (api) => printFolders(ctx, await api.listFolders())));
  folders
    .command('add')
    .description('grant a folder, e.g. `steward folders add ~/Downloads`')
    .argument('<path>', 'the folder (a relative path is taken from the current folder)')
    .option('--name <name>', 'what to call it (default: the folder’s own name)')
    .action(
      ctx.withApi(async (api, _c, path: string, options: { name?: string }) => {
        const { name } = options;
        const folder = await api.addFolder({ path: resolve(path), ...(name ? { name } : {}) });
        ctx.print(folder, () => `Granted "${folder.name}" (${folder.path}), id ${folder.id}. ${folder.message}`);
      }),
    );
  folders
    .command('remove')
    .description('stop looking at a folder (by id or name); nothing in it changes')
    .argument('<id>')
    .action(
      ctx.withApi(async (api, _c, id: string) => {
        const removed = await api.removeFolder({ id });
        ctx.print(removed, () => `Steward no longer looks at folder ${removed.id}. Nothing in it was changed.`);
      }),
    );
  folders
    .command('working-on')
    .description('recently edited files, grouped by project folder')
    .option('--days <n>', 'how far back to look', '7')
    .action(
      ctx.withApi(async (api, _c, options: { days: string }) => {
        const days = Number(options.days);
        const groups = await api.workingOn({ days });
        ctx.print(groups, () => renderWorkingOn(groups, days));
      }),
    );
}

function printFolders(ctx: CliContext, list: GrantedFolder[]): void {
  ctx.print(list, () =>
    list.length === 0
      ? 'No folders granted yet. Grant one with `steward folders add PATH` (for example `steward folders add ~/Downloads`).'
      : table([
          ['ID', 'NAME', 'PATH', 'STATE', 'FILES', 'STATUS'],
          ...list.map((folder) => [folder.id, folder.name, folder.path, folder.problem ?? folder.state, String(folder.scan.files), folder.message]),
        ]),
  );
}

function renderWorkingOn(groups: readonly WorkingOnGroup[], days: number): string {
  if (groups.length === 0) return `Nothing edited in the granted folders in the last ${days} days (grant folders with \`steward folders add PATH\`).`;
  return groups
    .map((group) => [`${group.label} (${group.total} file${group.total === 1 ? '' : 's'}, last ${group.lastEditedAt.slice(0, 16).replace('T', ' ')})`, ...group.files.map((file) => `  ${file.shownPath}`)].join('\n'))
    .join('\n');
}
