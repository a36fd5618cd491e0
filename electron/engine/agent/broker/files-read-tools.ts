/**
 * files_search, files_read and files_working_on over the folders the gate allowed: search in the
 * index of the granted folders, a file's text read through every scope check, and the recently
 * edited files by project. Names, snippets and contents are untrusted data for the model.
 */
import type { StoredAccount } from '../../accounts/account-store.js';
import type { Db } from '../../db/database.js';
import { EMPTY_SCOPE } from '@shared/domain/permissions.js';
import { filesSearch, folderOfShown, foldersRuntimeFor, readFileTextById, rootsOf, shownPathOf } from '../../connectors/folders/index.js';
import { withinScope, type Places } from '../../gate/grant-match.js';
import type { ReadToolCall, ReadToolResult } from '../tool-broker.js';
import type { ReadableAccount, ReadToolProvider } from './read-tools.js';

export interface FilesReadDeps {
  /** The engine's database, where the folders connector keeps its index. */
  readonly db: Db;
  readonly now: () => Date;
}

export function filesReadTools(deps: FilesReadDeps): ReadToolProvider {
  return {
    capability: 'files.read',
    placesNamed(call: ReadToolCall, account: StoredAccount): Places {
      const args = call.args;
      const names = new Map(rootsOf(account).map((root) => [root.id, root.name]));
      if (call.tool === 'files_search' && typeof args.folder === 'string') {
        const folder = folderOfShown(names, args.folder);
        return { ...EMPTY_SCOPE, pathRoots: folder ? [folder.rootId] : [] };
      }
      if (call.tool === 'files_read') {
        const fileId = String(args.fileId).replace(/^file:/, '');
        const item = /^\d+$/.test(fileId) ? foldersRuntimeFor(deps.db).index.byId(Number(fileId)) : null;
        return { ...EMPTY_SCOPE, pathRoots: item && names.has(item.rootId) ? [item.rootId] : [] };
      }
      return EMPTY_SCOPE;
    },
    async read(call: ReadToolCall, readable: readonly ReadableAccount[]): Promise<ReadToolResult> {
      const runtime = foldersRuntimeFor(deps.db);
      const accounts = readable.map((r) => r.account);
      // Only the roots the user let Steward read, when their Allow names some.
      const roots = new Map(
        readable.flatMap(({ account, within }) => rootsOf(account).flatMap((root) => (withinScope(within, 'pathRoots', root.id) ? [[root.id, root.name] as const] : []))),
      );
      if (roots.size === 0) return { ok: false, error: 'The user has granted no folders yet, so there are no files to look at.' };
      const args = call.args;
      switch (call.tool) {
        case 'files_search': {
          const hits = filesSearch(runtime.index, roots, { query: String(args.query), ...(typeof args.folder === 'string' ? { folder: args.folder } : {}), limit: Number(args.limit ?? 10) });
          return {
            ok: true,
            items: hits.map((hit) => ({ id: `file:${hit.fileId}`, kind: 'file', fields: { path: hit.shownPath, folder: hit.folder, kind: hit.kind, modified: hit.modifiedAt, size: String(hit.size), fileId: hit.fileId }, body: hit.snippet })),
            note: hits.length === 0 ? 'No file matches.' : `${hits.length} file(s); the snippets mark matches between « and »:`,
          };
        }
        case 'files_read': {
          const fileId = String(args.fileId).replace(/^file:/, '');
          const item = /^\d+$/.test(fileId) ? runtime.index.byId(Number(fileId)) : null;
          // Only files of the folders this read was allowed for.
          if (!item || !roots.has(item.rootId)) return { ok: false, error: `There is no file ${fileId} in the folders Steward may read. Use an id from files_search.` };
          const account = accounts.find((candidate) => rootsOf(candidate).some((root) => root.id === item.rootId));
          if (!account) return { ok: false, error: `There is no file ${fileId} in the folders Steward may read.` };
          const text = await readFileTextById(runtime.index, runtime.resolverFor(account), runtime.documents, fileId, Number(args.maxChars ?? 20_000));
          const path = shownPathOf(roots.get(item.rootId) ?? item.rootId, item.path);
          if (!text.ok) return { ok: false, error: `${path} cannot be read: ${text.reason}` };
          return { ok: true, items: [{ id: `file:${fileId}`, kind: 'file', fields: { path, modified: item.modifiedAt }, body: text.text }], note: text.truncated ? 'The start of the file (it is longer):' : 'The file:' };
        }
        case 'files_working_on': {
          const now = deps.now();
          const days = Number(args.days ?? 7);
          const groups = runtime.index.workingOn({ rootIds: [...roots.keys()], rootNames: roots, since: new Date(now.getTime() - days * 86_400_000), until: now });
          return {
            ok: true,
            items: groups.map((group) => {
              const rootName = roots.get(group.rootId) ?? group.rootId;
              return {
                id: `project:${group.rootId}:${group.folder}`,
                kind: 'file',
                fields: { project: shownPathOf(rootName, group.folder), lastEdited: new Date(group.lastEditedMs).toISOString(), files: String(group.total) },
                body: group.files.map((file) => `${shownPathOf(rootName, file.path)} (file ${file.id}, ${new Date(file.mtimeMs).toISOString()})`).join('\n'),
              };
            }),
            note: groups.length === 0 ? `Nothing was edited in the granted folders in the last ${days} days.` : `Projects with files edited in the last ${days} days, newest first:`,
          };
        }
        default:
          return { ok: false, error: `${call.tool} is not a files tool Steward knows.` };
      }
    },
  };
}
