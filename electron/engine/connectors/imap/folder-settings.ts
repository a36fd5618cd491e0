/**
 * The folder settings of a stored IMAP account: which folder plays which role where the server
 * marks none, the archive folder, and how much history the first sync takes. A changed history
 * applies to folders read for the first time from then on (what was taken stays).
 */
import { ApiError } from '@shared/api/errors.js';
import { imapFolderSettingsInput, type ImapSettings } from '@shared/connectors/index.js';
import type { AccountFolder } from '@shared/domain/types.js';
import type { StoredAccount } from '../../accounts/account-store.js';
import type { AccountCredentials } from '../../credentials/credential-provider.js';
import { closeQuietly, createImapClient } from './imap-client.js';
import { describeImapError } from './imap-errors.js';
import { planFolders } from './folder-roles.js';

export function updateImapSettings(account: StoredAccount<'imap'>, change: Readonly<Record<string, unknown>>): ImapSettings {
  const parsed = imapFolderSettingsInput.strict().safeParse(change);
  if (!parsed.success) {
    const problem = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`).join('; ');
    throw new ApiError('invalid_input', `These settings cannot be used: ${problem}.`);
  }
  const { archiveMailbox, folders, historyDays } = parsed.data;
  const current = account.settings;
  const merged = { ...current.folders, ...folders };
  // An empty name clears a choice: the server's flag or a common name decides again.
  const chosen = Object.fromEntries(Object.entries(merged).filter(([, path]) => typeof path === 'string' && path.length > 0));
  return {
    ...current,
    ...(archiveMailbox !== undefined ? { archiveMailbox } : {}),
    ...(folders !== undefined ? { folders: chosen } : {}),
    ...(historyDays !== undefined ? { historyDays } : {}),
  };
}

export async function listImapFolders(account: StoredAccount<'imap'>, credentials: AccountCredentials): Promise<AccountFolder[]> {
  const password = await credentials.password();
  const client = createImapClient({ ...account.settings, password });
  try {
    await client.connect();
    return planFolders(await client.list(), account.settings).map(({ path, role, source }) => ({ path, role, source }));
  } catch (error) {
    throw describeImapError(error, account.settings);
  } finally {
    await closeQuietly(client);
  }
}
