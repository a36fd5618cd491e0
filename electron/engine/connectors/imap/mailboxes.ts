import type { ImapFlow } from 'imapflow';
import type { ImapSettings } from '@shared/connectors/index.js';
import { chosenFor, resolveUse, type SpecialUse } from './folder-roles.js';

export type { SpecialUse } from './folder-roles.js';

/**
 * Finds a special folder: the one the user chose, else the one the server marks with the
 * special-use flag, else one with a common name. Null when there is none.
 */
export async function findMailbox(client: ImapFlow, use: SpecialUse, chosen: string | null = null): Promise<string | null> {
  return resolveUse(await client.list(), use, chosen)?.path ?? null;
}

/** The same, with the choice taken from the account's settings. */
export async function findAccountMailbox(client: ImapFlow, use: SpecialUse, settings: Pick<ImapSettings, 'archiveMailbox' | 'folders'>): Promise<string | null> {
  return findMailbox(client, use, chosenFor(settings, use));
}
