/**
 * Turns intents into IMAP steps: archiving is a move of UIDs out of each mailbox, a draft is an
 * APPEND to the Drafts folder.
 */
import { plural } from '@shared/text/plural.js';
import type { StoredAccount } from '../../accounts/account-store.js';
import type { StepIntent } from '../../intents/intents.js';
import { displayName, formatAddress, messagePreview, type MailItem } from '../../items/mail/index.js';
import type { ProposedStep } from '../types.js';
import type { ArchiveArgs } from './executors/archive.js';
import { parseExternalId } from './imap-sync.js';

export function planImap(intent: StepIntent, account: StoredAccount<'imap'>): ProposedStep[] | null {
  switch (intent.type) {
    case 'mail.archive':
      return archiveSteps(intent.messages, account);
    case 'mail.draft': {
      const to = intent.draft.to.map((a) => formatAddress(a)).join(', ');
      const whom = intent.replyTo ? displayName(intent.replyTo.from) : intent.draft.to.map((a) => a.name || a.address).join(', ');
      return [
        {
          capability: 'email.draft',
          app: 'imap',
          accountId: account.id,
          title: `Save a draft ${intent.replyTo ? 'reply ' : ''}to ${whom} in Drafts`,
          args: intent.draft,
          preview: { kind: 'draft', mailbox: 'Drafts', to, subject: intent.draft.subject, body: intent.draft.body },
        },
      ];
    }
    default:
      return null;
  }
}

/** One move per mailbox the messages are in, newest first. */
function archiveSteps(messages: readonly MailItem[], account: StoredAccount<'imap'>): ProposedStep[] | null {
  const target = account.settings.archiveMailbox ?? 'Archive';
  const byMailbox = new Map<string, MailItem[]>();
  for (const message of messages) byMailbox.set(message.stream, [...(byMailbox.get(message.stream) ?? []), message]);
  const steps: ProposedStep[] = [];
  for (const [mailbox, items] of byMailbox) {
    const newestFirst = [...items].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
    const refs = newestFirst.map((item) => ({ item, at: parseExternalId(item.externalId) }));
    if (refs.some((ref) => ref.at === null)) return null;
    const args: ArchiveArgs = {
      mailbox,
      messages: refs.map(({ item, at }) => ({ uid: at?.uid ?? 0, uidValidity: at?.uidValidity ?? '', messageKey: item.messageKey })),
    };
    steps.push({
      capability: 'email.archive',
      app: 'imap',
      accountId: account.id,
      title: `Move ${plural(items.length, 'message')} from ${mailbox} to ${target}`,
      args,
      preview: { kind: 'move', fromMailbox: mailbox, toMailbox: target, messages: newestFirst.map(messagePreview) },
    });
  }
  return steps;
}
