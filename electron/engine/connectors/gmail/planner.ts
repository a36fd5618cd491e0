/**
 * Turns intents into Gmail steps: archiving takes the INBOX label off (the messages stay in All
 * Mail), a draft is a Gmail draft in the thread of the message it answers.
 */
import { plural } from '@shared/text/plural.js';
import type { StoredAccount } from '../../accounts/account-store.js';
import type { StepIntent } from '../../intents/intents.js';
import { displayName, formatAddress, messagePreview, type MailItem } from '../../items/mail/index.js';
import type { ProposedStep } from '../types.js';
import type { GmailArchiveArgs } from './executors/labels.js';
import type { GmailDraftArgs } from './executors/outgoing.js';

export function planGmail(intent: StepIntent, account: StoredAccount<'gmail'>): ProposedStep[] | null {
  switch (intent.type) {
    case 'mail.archive':
      return archiveSteps(intent.messages, account);
    case 'mail.draft': {
      const to = intent.draft.to.map((a) => formatAddress(a)).join(', ');
      const whom = intent.replyTo ? displayName(intent.replyTo.from) : intent.draft.to.map((a) => a.name || a.address).join(', ');
      // The thread to join, if the message answered lives in this account.
      const replyToGmailId = intent.replyTo && intent.replyTo.accountId === account.id ? intent.replyTo.externalId : null;
      const args: GmailDraftArgs = { ...intent.draft, replyToGmailId };
      return [
        {
          capability: 'email.draft',
          app: 'gmail',
          accountId: account.id,
          title: `Save a draft ${intent.replyTo ? 'reply ' : ''}to ${whom} in Drafts`,
          args,
          preview: { kind: 'draft', mailbox: 'Drafts', to, subject: intent.draft.subject, body: intent.draft.body },
        },
      ];
    }
    default:
      return null;
  }
}

function archiveSteps(messages: readonly MailItem[], account: StoredAccount<'gmail'>): ProposedStep[] | null {
  const mine = messages.filter((message) => message.accountId === account.id);
  if (mine.length === 0 || mine.length !== messages.length) return null;
  const newestFirst = [...mine].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  const args: GmailArchiveArgs = { messages: newestFirst.map((item) => ({ gmailId: item.externalId, messageKey: item.messageKey })) };
  return [
    {
      capability: 'email.archive',
      app: 'gmail',
      accountId: account.id,
      title: `Archive ${plural(mine.length, 'message')} (out of the Inbox, kept in All Mail)`,
      args,
      preview: { kind: 'move', fromMailbox: 'Inbox', toMailbox: 'All Mail', messages: newestFirst.map(messagePreview) },
    },
  ];
}
