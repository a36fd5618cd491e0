import { ApiError } from '@shared/api/errors.js';

/**
 * A full id, or a unique prefix of at least 4 characters (people type `steward approve 3f2a`).
 * Null when nothing matches; an error in words when the prefix is ambiguous.
 */
export function resolveId(id: string, startingWith: (prefix: string) => string[], what: string): string | null {
  if (id.length < 4) return null;
  const matches = startingWith(id);
  if (matches.includes(id)) return id;
  if (matches.length > 1) throw new ApiError('conflict', `More than one ${what} id starts with "${id}": type more of it.`);
  return matches[0] ?? null;
}
