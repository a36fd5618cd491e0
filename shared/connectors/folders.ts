/**
 * The local-folders connector's inputs, shared by the engine (validation at the boundary), the
 * CLI (`steward folders add|list|remove`) and the Settings folder list.
 */
import { z } from 'zod';

/** A granted folder as the account's settings keep it. */
export const folderRoot = z.object({
  id: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(200),
  /** The path as the user granted it. */
  path: z.string().min(1).max(4096),
  /** Its real path when granted; every check compares against this. */
  realPath: z.string().min(1).max(4096),
});
export type FolderRootSettings = z.infer<typeof folderRoot>;

/** The folders account's settings: the granted folders. */
export const foldersSettings = z.object({ roots: z.array(folderRoot).max(100) });
export type FoldersSettings = z.infer<typeof foldersSettings>;

/** `steward folders add PATH [--name N]`, and the folder picker in Settings. */
export const addFolderInput = z.object({
  path: z.string().trim().min(1, 'choose a folder').max(4096, 'that path is too long'),
  name: z.string().trim().min(1).max(200).optional(),
});
export type AddFolderInput = z.infer<typeof addFolderInput>;

export const removeFolderInput = z.object({ id: z.string().trim().min(1, 'a folder id is required').max(200) });
export type RemoveFolderInput = z.infer<typeof removeFolderInput>;

/**
 * The one folders "account": the granted folders live in its settings. It is created with the
 * first folder (`steward folders add`, Settings → Folders); adding it through addAccount makes
 * an empty one.
 */
export const foldersAccountInput = z.object({ kind: z.literal('folders') });
export type FoldersAccountInput = z.infer<typeof foldersAccountInput>;

/** The folders account's address field, which is not an address: there is one per Steward. */
export const FOLDERS_ACCOUNT_EMAIL = 'local-folders';

/** "2 folders: Downloads, Projects". */
export function describeFoldersSettings(settings: FoldersSettings): string {
  const names = settings.roots.map((root) => root.name);
  return names.length === 0 ? 'no folders yet' : `${names.length} folder${names.length === 1 ? '' : 's'}: ${names.join(', ')}`;
}
