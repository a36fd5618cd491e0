/**
 * Mail over IMAP (and SMTP for sending): sync by UID with IDLE, archive, move and trash by MOVE,
 * marks by STORE, drafts by APPEND, sends over the account's SMTP server. The one definition the
 * engine sees of this folder.
 */
import { describeAccount } from '@shared/connectors/index.js';
import type { NewMailItem } from '../../items/mail/index.js';
import type { ConnectorDefinition } from '../types.js';
import { archiveExecutor } from './executors/archive.js';
import { draftExecutor } from './executors/draft.js';
import { labelExecutor } from './executors/label.js';
import { markReadExecutor } from './executors/mark-read.js';
import { moveMessagesExecutor } from './executors/move.js';
import { sendExecutor } from './executors/send.js';
import { trashExecutor } from './executors/trash.js';
import { prepareImapAccount, testImapAccount, testImapPassword } from './account-setup.js';
import { listImapFolders, updateImapSettings } from './folder-settings.js';
import { ImapWatcher } from './imap-watcher.js';
import { planImap } from './planner.js';

export type { ArchiveArgs } from './executors/archive.js';

export const imapConnector: ConnectorDefinition<'imap', NewMailItem> = {
  kind: 'imap',
  itemKind: 'mail',
  credential: 'password',
  prepare: prepareImapAccount,
  test: testImapAccount,
  testPassword: testImapPassword,
  updateSettings: updateImapSettings,
  listFolders: listImapFolders,
  describe: (account) => describeAccount(account),
  createWatcher: (context) => new ImapWatcher(context),
  executors: [archiveExecutor, draftExecutor, sendExecutor, moveMessagesExecutor, labelExecutor, markReadExecutor, trashExecutor],
  plan: planImap,
};
