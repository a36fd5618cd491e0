/**
 * Turns intents into Gmail steps: archiving takes the INBOX label off (the messages stay in All
 * Mail), a draft is a Gmail draft in the thread of the message it answers, a flag is the STARRED
 * label, read is UNREAD taken off, trash is Gmail's trash (untrash undoes it). What Gmail cannot
 * say by a label the planner knows (a user label or folder by name) is not planned.
 */
import { plural } from '@shared/text/plural.js';
import type { StoredAccount } from '../../accounts/account-store.js';
import type { StepIntent } from '../../intents/intents.js';
import { displayName, formatAddress, messagePreview, type MailItem } from '../../items/mail/index.js';
import type { ProposedStep } from '../types.js';
import type { GmailArchiveArgs, GmailLabelArgs, GmailMarkReadArgs } from './executors/labels.js';
import type { GmailDraftArgs, GmailSendArgs } from './executors/outgoing.js';
import type { GmailTrashArgs } from './executors/trash.js';

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
    case 'mail.send': {
      const to = intent.message.to.map((a) => formatAddress(a)).join(', ');
      const whom = intent.replyTo ? displayName(intent.replyTo.from) : intent.message.to.map((a) => a.name || a.address).join(', ');
      const replyToGmailId = intent.replyTo && intent.replyTo.accountId === account.id ? intent.replyTo.externalId : null;
      const args: GmailSendArgs = { ...intent.message, replyToGmailId };
      return [
        {
          capability: 'email.send',
          app: 'gmail',
          accountId: account.id,
          title: `Send the ${intent.replyTo ? 'reply' : 'message'} to ${whom}`,
          args,
          preview: { kind: 'draft', mailbox: 'Sent', to, subject: intent.message.subject, body: intent.message.body },
        },
      ];
    }
    case 'mail.mark': {
      // Only the flag has a label every Gmail account shares (STARRED); keywords name user labels by id.
      const flagged = (marks: typeof intent.add) => marks.some((mark) => mark.kind === 'flagged');
      if ([...intent.add, ...intent.remove].some((mark) => mark.kind !== 'flagged')) return null;
      const refs = ownRefs(intent.messages, account);
      if (!refs) return null;
      const starred = { id: 'STARRED', name: 'Starred' };
      const args: GmailLabelArgs = { messages: refs, add: flagged(intent.add) ? [starred] : [], remove: flagged(intent.remove) ? [starred] : [] };
      const verb = flagged(intent.add) ? 'Star' : 'Unstar';
      return [
        {
          capability: 'email.label',
          app: 'gmail',
          accountId: account.id,
          title: `${verb} ${plural(refs.length, 'message')}`,
          args,
          preview: { kind: 'flags', add: flagged(intent.add) ? ['starred'] : [], remove: flagged(intent.remove) ? ['starred'] : [], mailbox: 'Gmail', messages: intent.messages.map(messagePreview) },
        },
      ];
    }
    case 'mail.markRead': {
      const refs = ownRefs(intent.messages, account);
      if (!refs) return null;
      const args: GmailMarkReadArgs = { messages: refs, read: intent.read };
      return [
        {
          capability: 'email.markRead',
          app: 'gmail',
          accountId: account.id,
          title: `Mark ${plural(refs.length, 'message')} ${intent.read ? 'read' : 'unread'}`,
          args,
          preview: { kind: 'flags', add: intent.read ? ['read'] : [], remove: intent.read ? [] : ['read'], mailbox: 'Gmail', messages: intent.messages.map(messagePreview) },
        },
      ];
    }
    case 'mail.trash': {
      const refs = ownRefs(intent.messages, account);
      if (!refs) return null;
      const args: GmailTrashArgs = { messages: intent.messages.map((item, i) => ({ ...refs[i]!, inInbox: item.roles.includes('inbox') })) };
      return [
        {
          capability: 'email.trash',
          app: 'gmail',
          accountId: account.id,
          title: `Move ${plural(refs.length, 'message')} to the Trash`,
          args,
          preview: { kind: 'move', fromMailbox: 'Gmail', toMailbox: 'Trash', messages: intent.messages.map(messagePreview) },
        },
      ];
    }
    default:
      return null;
  }
}

/** The messages as Gmail knows them, when they all belong to this account. */
function ownRefs(messages: readonly MailItem[], account: StoredAccount<'gmail'>): { gmailId: string; messageKey: string }[] | null {
  if (messages.length === 0 || messages.some((message) => message.accountId !== account.id)) return null;
  return messages.map((item) => ({ gmailId: item.externalId, messageKey: item.messageKey }));
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
