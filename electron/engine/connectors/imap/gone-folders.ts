/**
 * Folders deleted on the server (by another mail app, or renamed there). Their cursor and items
 * would otherwise stay forever: the sync only visits folders the server lists. Pure.
 */

/** The streams Steward keeps a cursor for whose folder the server's LIST no longer has. */
export function goneFolders(streams: readonly string[], listed: readonly { readonly path: string }[]): string[] {
  const paths = new Set(listed.map((folder) => folder.path));
  return streams.filter((stream) => !paths.has(stream));
}
