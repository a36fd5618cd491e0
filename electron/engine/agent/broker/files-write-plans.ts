/**
 * The files write tools as concrete steps for the user to approve: files_create writes a new
 * text file in a granted folder, files_move and files_rename move or rename one file,
 * files_trash puts files in the system Trash. The model names Steward's file ids and folders as
 * files_search shows them; which granted folder, the real path and what the card shows come from
 * the index, never from the model. Every step runs through the gate and can be undone.
 */
import { plural } from '@shared/text/plural.js';
import type { FilePreview } from '@shared/domain/previews.js';
import type { StoredAccount } from '../../accounts/account-store.js';
import { folderOfShown, foldersRuntimeFor, rootsOf, shownPathOf } from '../../connectors/folders/index.js';
import type { CreateArgs, MoveArgs, RenameArgs, TrashArgs } from '../../connectors/folders/file-executors.js';
import type { ProposedStep as ConnectorStep } from '../../connectors/types.js';
import type { Db } from '../../db/database.js';
import type { FileItem } from '../../items/file/file-item.js';
import { displayOfKey, parentOfRaw, keyOfRaw, rawOfKey } from '../../items/file/path-key.js';
import type { ProposedStep } from '../tool-broker.js';
import type { WritePlan, WritePlanContext, WritePlanner } from './write-plans.js';

export interface FilesWriteDeps {
  /** The engine's database, where the folders connector keeps its index. */
  readonly db: Db;
}

export function filesWritePlanners(deps: FilesWriteDeps): readonly WritePlanner[] {
  return [
    { capability: 'files.create', plan: (step, context) => planCreate(deps, step, context) },
    { capability: 'files.move', plan: (step, context) => planMove(deps, step, context) },
    { capability: 'files.rename', plan: (step, context) => planRename(deps, step, context) },
    { capability: 'files.trash', plan: (step, context) => planTrash(deps, step, context) },
  ];
}

interface Folders {
  readonly account: StoredAccount;
  readonly names: ReadonlyMap<string, string>;
}

/** Only folders whose files Steward may read: the model cannot have seen any other. */
function foldersOf(context: WritePlanContext): Folders | { readonly reason: string } {
  const account = context.readable[0];
  if (!account) return { reason: 'the user has not allowed Steward to read files (Settings → Permissions).' };
  return { account, names: new Map(rootsOf(account).map((root) => [root.id, root.name])) };
}

function fileOf(deps: FilesWriteDeps, folders: Folders, fileId: string): FileItem | string {
  const id = fileId.replace(/^file:/, '');
  const item = /^\d+$/.test(id) ? foldersRuntimeFor(deps.db).index.byId(Number(id)) : null;
  if (!item || !folders.names.has(item.rootId)) return `there is no file ${fileId} in the user's folders; use an id from files_search.`;
  if (item.type !== 'file') return `${shownOf(folders, item)} is not a file.`;
  return item;
}

function shownOf(folders: Folders, item: Pick<FileItem, 'rootId' | 'path'>): string {
  return shownPathOf(folders.names.get(item.rootId) ?? item.rootId, item.path);
}

function previewOf(folders: Folders, item: FileItem): FilePreview {
  return { name: item.name, shownPath: shownOf(folders, item), size: item.size, modifiedAt: item.modifiedAt };
}

function draftOf(folders: Folders, step: ProposedStep, context: WritePlanContext, planned: Omit<ConnectorStep, 'app' | 'accountId'>, files: readonly FileItem[]): WritePlan {
  return {
    ok: true,
    account: folders.account,
    draft: {
      kind: 'agent',
      accountId: folders.account.id,
      dedupeKey: `agent:${context.stableKey}`,
      title: planned.title,
      why: step.reason,
      urgency: 'normal',
      flags: [],
      sources: files.map((item) => ({ kind: 'file' as const, itemId: String(item.id), label: folders.names.get(item.rootId) ?? '', subject: item.name, at: item.modifiedAt })),
      items: [],
      steps: [{ ...planned, app: 'folders', accountId: folders.account.id }],
    },
  };
}

function planCreate(deps: FilesWriteDeps, step: ProposedStep, context: WritePlanContext): WritePlan {
  const folders = foldersOf(context);
  if ('reason' in folders) return { ok: false, reason: folders.reason };
  const args = step.args as { folder: string; name: string; content: string };
  const folder = folderOfShown(folders.names, args.folder);
  if (!folder) return { ok: false, reason: `there is no folder "${args.folder}" among the user's folders (${[...folders.names.values()].join(', ')}).` };
  const shownPath = `${shownPathOf(folders.names.get(folder.rootId) ?? '', folder.path)}/${args.name}`;
  const createArgs: CreateArgs = { folder, name: args.name, content: args.content, encoding: 'utf8' };
  return draftOf(
    folders,
    step,
    context,
    {
      capability: 'files.create',
      title: `Create ${shownPath}`,
      args: createArgs,
      preview: { kind: 'file-create', shownPath, text: args.content.slice(0, 2_000), size: Buffer.byteLength(args.content) },
    },
    [],
  );
}

function planMove(deps: FilesWriteDeps, step: ProposedStep, context: WritePlanContext): WritePlan {
  const folders = foldersOf(context);
  if ('reason' in folders) return { ok: false, reason: folders.reason };
  const args = step.args as { fileId: string; toFolder: string };
  const item = fileOf(deps, folders, args.fileId);
  if (typeof item === 'string') return { ok: false, reason: item };
  const to = folderOfShown(folders.names, args.toFolder);
  if (!to) return { ok: false, reason: `there is no folder "${args.toFolder}" among the user's folders (${[...folders.names.values()].join(', ')}).` };
  const toShown = shownPathOf(folders.names.get(to.rootId) ?? '', to.path);
  const moveArgs: MoveArgs = { requests: [{ from: { rootId: item.rootId, path: item.path }, toFolder: to }], createFolders: false };
  return draftOf(
    folders,
    step,
    context,
    { capability: 'files.move', title: `Move ${item.name} to ${toShown}`, args: moveArgs, preview: { kind: 'files-move', toFolder: toShown, createsFolder: false, files: [previewOf(folders, item)] } },
    [item],
  );
}

function planRename(deps: FilesWriteDeps, step: ProposedStep, context: WritePlanContext): WritePlan {
  const folders = foldersOf(context);
  if ('reason' in folders) return { ok: false, reason: folders.reason };
  const args = step.args as { fileId: string; newName: string };
  const item = fileOf(deps, folders, args.fileId);
  if (typeof item === 'string') return { ok: false, reason: item };
  const renameArgs: RenameArgs = { entry: { rootId: item.rootId, path: item.path }, name: args.newName };
  const folder = displayOfKey(keyOfRaw(parentOfRaw(rawOfKey(item.path))));
  return draftOf(
    folders,
    step,
    context,
    {
      capability: 'files.rename',
      title: `Rename ${item.name} to ${args.newName}${folder ? ` in ${folder}` : ''}`,
      args: renameArgs,
      preview: { kind: 'file-rename', file: previewOf(folders, item), newName: args.newName },
    },
    [item],
  );
}

function planTrash(deps: FilesWriteDeps, step: ProposedStep, context: WritePlanContext): WritePlan {
  const folders = foldersOf(context);
  if ('reason' in folders) return { ok: false, reason: folders.reason };
  const args = step.args as { fileIds: string[] };
  const items: FileItem[] = [];
  for (const fileId of args.fileIds) {
    const item = fileOf(deps, folders, fileId);
    if (typeof item === 'string') return { ok: false, reason: item };
    items.push(item);
  }
  const trashArgs: TrashArgs = { entries: items.map((item) => ({ rootId: item.rootId, path: item.path })) };
  const title = items.length === 1 && items[0] ? `Move ${items[0].name} to the Trash` : `Move ${plural(items.length, 'file')} to the Trash`;
  return draftOf(folders, step, context, { capability: 'files.trash', title, args: trashArgs, preview: { kind: 'files-trash', files: items.map((item) => previewOf(folders, item)), keeps: [] } }, items);
}
