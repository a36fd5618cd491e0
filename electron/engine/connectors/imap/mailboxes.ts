import type { ImapFlow } from 'imapflow';

export type SpecialUse = '\\Archive' | '\\Drafts' | '\\Trash' | '\\Sent';

const COMMON_NAMES: Readonly<Record<SpecialUse, readonly string[]>> = {
  '\\Archive': ['archive', 'archives', 'inbox.archive', 'inbox/archive'],
  '\\Drafts': ['drafts', 'draft', 'inbox.drafts', 'inbox/drafts'],
  '\\Trash': ['trash', 'deleted items', 'inbox.trash'],
  '\\Sent': ['sent', 'sent items', 'sent messages', 'inbox.sent'],
};

/**
 * Finds a special folder: the one the user chose, else the one the server marks with the
 * special-use flag, else one with a common name. Null when there is none.
 */
export async function findMailbox(client: ImapFlow, use: SpecialUse, chosen: string | null = null): Promise<string | null> {
  const list = await client.list();
  if (chosen) return list.find((box) => box.path === chosen || box.path.toLowerCase() === chosen.toLowerCase())?.path ?? null;
  const flagged = list.find((box) => box.specialUse === use);
  if (flagged) return flagged.path;
  return list.find((box) => COMMON_NAMES[use].includes(box.path.toLowerCase()))?.path ?? null;
}
