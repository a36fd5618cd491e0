/**
 * Gmail through its API: sign-in with Google (OAuth), history polling, labels as folders, and
 * every email capability as label changes, drafts and sends. The one definition the engine sees
 * of this folder.
 */
import { describeAccount } from '@shared/connectors/index.js';
import type { NewMailItem } from '../../items/mail/index.js';
import type { ConnectorDefinition } from '../types.js';
import { archiveExecutor, labelExecutor, markReadExecutor, moveExecutor } from './executors/labels.js';
import { draftExecutor, sendExecutor } from './executors/outgoing.js';
import { trashExecutor } from './executors/trash.js';
import { GmailWatcher } from './gmail-watcher.js';
import { planGmail } from './planner.js';
import { gmailSignIn, signInRequired, testGmailInput } from './sign-in.js';

export type { GmailArchiveArgs, GmailLabelArgs, GmailMarkReadArgs, GmailMoveArgs } from './executors/labels.js';
export type { GmailDraftArgs, GmailSendArgs } from './executors/outgoing.js';
export type { GmailTrashArgs } from './executors/trash.js';
export { GMAIL_STREAM } from './mail-items.js';

export const gmailConnector: ConnectorDefinition<'gmail', NewMailItem> = {
  kind: 'gmail',
  itemKind: 'mail',
  credential: 'oauth',
  prepare: () => {
    throw signInRequired();
  },
  test: testGmailInput,
  describe: (account) => describeAccount(account),
  createWatcher: (context) => new GmailWatcher(context),
  executors: [archiveExecutor, labelExecutor, moveExecutor, markReadExecutor, trashExecutor, draftExecutor, sendExecutor],
  plan: planGmail,
  signIn: gmailSignIn,
};
