/**
 * Granting a folder (`steward folders add PATH [--name N]`, the Settings folder picker): the
 * path is resolved to its real path, must be a folder, and must pass checkNewRoot (no system
 * folders, no Steward data, no nesting with a granted folder). Returns the root to store in the
 * folders account's settings.
 */
import { randomUUID } from 'node:crypto';
import { stat, realpath } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import { ApiError } from '@shared/api/errors.js';
import type { AddFolderInput } from '@shared/connectors/folders.js';
import { describeFsError } from './scope-resolver.js';
import { checkNewRoot, type FolderRoot } from './scopes.js';

export interface GrantContext {
  /** Steward's data folder, never granted; null for an engine without one. */
  readonly dataDir: string | null;
  readonly homeDir: string;
  readonly newId?: () => string;
}

export async function prepareGrant(existing: readonly FolderRoot[], input: AddFolderInput, context: GrantContext): Promise<FolderRoot> {
  if (!isAbsolute(input.path)) throw new ApiError('invalid_input', `Give the folder's full path (for example /home/you/Downloads), not "${input.path}".`);
  let real: string;
  try {
    real = await realpath(input.path);
  } catch (error) {
    throw new ApiError('invalid_input', `${input.path} cannot be granted: ${describeFsError(error)}`);
  }
  const stats = await stat(real);
  if (!stats.isDirectory()) throw new ApiError('invalid_input', `${input.path} is a file, not a folder. Grant the folder that holds it.`);
  const check = checkNewRoot(existing, real, { dataDir: context.dataDir, homeDir: context.homeDir, isWindows: process.platform === 'win32' });
  if (!check.ok) throw new ApiError('invalid_input', check.reason);
  const name = input.name ?? (basename(real) || real);
  if (existing.some((root) => root.name.toLowerCase() === name.toLowerCase())) {
    throw new ApiError('conflict', `You already have a folder called "${name}". Give this one another name (--name in the CLI).`);
  }
  return { id: (context.newId ?? randomUUID)(), name, path: input.path, realPath: real };
}
