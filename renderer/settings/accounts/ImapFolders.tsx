import type { Account } from '@shared/domain/types';
import { FolderForm } from './FolderForm';

/** The folder form for an IMAP account, with its stored choices. */
export function ImapFolders({ account, onDone }: { readonly account: Account; readonly onDone: () => void }) {
  if (account.kind !== 'imap') return null;
  return <FolderForm accountId={account.id} email={account.email} settings={account.settings} onDone={onDone} />;
}
