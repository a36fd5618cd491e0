/**
 * Turns intents into IMAP steps: archiving, moving and trashing are moves of UIDs out of each
 * mailbox, marks are flags and keywords, a draft is an APPEND to the Drafts folder, a send goes
 * out over the account's SMTP server (and only if it has one).
 */
import type { DraftArgs } from '../../items/mail/mail-args.js';
import { plural } from '@shared/text/plural.js';
import type { StoredAccount } from '../../accounts/account-store.js';
import type { MailMark, StepIntent } from '../../intents/intents.js';
import { displayName, formatAddress, messagePreview, type MailItem } from '../../items/mail/index.js';
import type { ProposedStep } from '../types.js';
import type { ArchiveArgs } from './executors/archive.js';
import type { FlagArgs } from './executors/change-flags.js';
import { isKeyword } from './executors/flag-names.js';
import type { MoveArgs } from './executors/move-messages.js';
import { parseExternalId } from './folder-cursor.js';

export function planImap(intent: StepIntent, account: StoredAccount<'imap'>): ProposedStep[] | null {
  switch (intent.type) {
    case 'mail.archive':
      return archiveSteps(intent.messages, account);
    case 'mail.draft': {
      const reply = intent.replyTo !== null || intent.draft.inReplyTo !== null;
      return [
        {
          capability: 'email.draft',
          app: 'imap',
          accountId: account.id,
          title: `Save a draft ${reply ? 'reply ' : ''}to ${whom(intent.draft, intent.replyTo)} in Drafts`,
          args: intent.draft,
          preview: { kind: 'draft', mailbox: 'Drafts', to: recipients(intent.draft), subject: intent.draft.subject, body: intent.draft.body },
        },
      ];
    }
    case 'mail.send': {
      // Without an outgoing server there is no way to send: the plan cannot be made.
      if (!account.settings.smtp) return null;
      const reply = intent.replyTo !== null || intent.message.inReplyTo !== null;
      return [
        {
          capability: 'email.send',
          app: 'imap',
          accountId: account.id,
          title: `Send the ${reply ? 'reply' : 'message'} to ${whom(intent.message, intent.replyTo)}`,
          args: intent.message,
          preview: { kind: 'draft', mailbox: 'Sent', to: recipients(intent.message), subject: intent.message.subject, body: intent.message.body },
        },
      ];
    }
    case 'mail.move':
      return moveSteps(intent.messages, account, 'email.move', intent.toFolder);
    case 'mail.trash':
      return moveSteps(intent.messages, account, 'email.trash', 'Trash');
    case 'mail.mark': {
      const add = intent.add.map(flagOf);
      const remove = intent.remove.map(flagOf);
      if ([...add, ...remove].some((flag) => flag === null)) return null;
      return flagSteps(intent.messages, account, 'email.label', add as string[], remove as string[]);
    }
    case 'mail.markRead':
      return flagSteps(intent.messages, account, 'email.markRead', intent.read ? ['\\Seen'] : [], intent.read ? [] : ['\\Seen']);
    default:
      return null;
  }
}

/** One move per mailbox the messages are in, newest first. */
function archiveSteps(messages: readonly MailItem[], account: StoredAccount<'imap'>): ProposedStep[] | null {
  const target = account.settings.archiveMailbox ?? 'Archive';
  const steps: ProposedStep[] = [];
  for (const [mailbox, items] of byMailbox(messages)) {
    const refs = refsOf(items);
    if (!refs) return null;
    const args: ArchiveArgs = { mailbox, messages: refs };
    steps.push({
      capability: 'email.archive',
      app: 'imap',
      accountId: account.id,
      title: `Move ${plural(items.length, 'message')} from ${mailbox} to ${target}`,
      args,
      preview: { kind: 'move', fromMailbox: mailbox, toMailbox: target, messages: items.map(messagePreview) },
    });
  }
  return steps;
}

function moveSteps(messages: readonly MailItem[], account: StoredAccount<'imap'>, capability: 'email.move' | 'email.trash', target: string): ProposedStep[] | null {
  const steps: ProposedStep[] = [];
  for (const [mailbox, items] of byMailbox(messages)) {
    if (mailbox === target) continue;
    const refs = refsOf(items);
    if (!refs) return null;
    const args: MoveArgs = capability === 'email.move' ? { mailbox, toMailbox: target, messages: refs } : { mailbox, messages: refs };
    steps.push({
      capability,
      app: 'imap',
      accountId: account.id,
      title: `Move ${plural(items.length, 'message')} from ${mailbox} to ${target}`,
      args,
      preview: { kind: 'move', fromMailbox: mailbox, toMailbox: target, messages: items.map(messagePreview) },
    });
  }
  return steps.length > 0 ? steps : null;
}

function flagSteps(
  messages: readonly MailItem[],
  account: StoredAccount<'imap'>,
  capability: 'email.label' | 'email.markRead',
  add: readonly string[],
  remove: readonly string[],
): ProposedStep[] | null {
  const steps: ProposedStep[] = [];
  for (const [mailbox, items] of byMailbox(messages)) {
    const refs = refsOf(items);
    if (!refs) return null;
    const args: FlagArgs = { mailbox, add: [...add], remove: [...remove], messages: refs };
    steps.push({
      capability,
      app: 'imap',
      accountId: account.id,
      title: flagTitle(capability, add, remove, items.length, mailbox),
      args,
      preview: { kind: 'flags', add, remove, mailbox, messages: items.map(messagePreview) },
    });
  }
  return steps;
}

function flagTitle(capability: 'email.label' | 'email.markRead', add: readonly string[], remove: readonly string[], count: number, mailbox: string): string {
  const messages = `${plural(count, 'message')} in ${mailbox}`;
  if (capability === 'email.markRead') return `Mark ${messages} ${add.length > 0 ? 'read' : 'unread'}`;
  if (add.length === 1 && add[0] === '\\Flagged' && remove.length === 0) return `Flag ${messages}`;
  const words = (flags: readonly string[]) => flags.map((f) => (f === '\\Flagged' ? 'flagged' : `"${f}"`)).join(', ');
  return [add.length > 0 ? `Label ${messages} ${words(add)}` : null, remove.length > 0 ? `${add.length > 0 ? 'and remove' : `Remove from ${messages}`} ${words(remove)}` : null]
    .filter(Boolean)
    .join(' ');
}

/** A mark as IMAP says it: \Flagged, or the keyword itself. Null when it cannot be a keyword. */
function flagOf(mark: MailMark): string | null {
  if (mark.kind === 'flagged') return '\\Flagged';
  return isKeyword(mark.name) ? mark.name : null;
}

/** Messages grouped by the mailbox they are in, each group newest first. */
function byMailbox(messages: readonly MailItem[]): Map<string, MailItem[]> {
  const groups = new Map<string, MailItem[]>();
  // Pushed, not spread: a bulk plan lists thousands of messages, and copying the group for each
  // one made planning quadratic.
  for (const message of messages) {
    const group = groups.get(message.stream);
    if (group) group.push(message);
    else groups.set(message.stream, [message]);
  }
  for (const items of groups.values()) items.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  return groups;
}

/** Each message's UID where the planner saw it; null when one has no usable UID. */
function refsOf(items: readonly MailItem[]): { uid: number; uidValidity: string; messageKey: string }[] | null {
  const refs = items.map((item) => ({ item, at: parseExternalId(item.externalId) }));
  if (refs.some((ref) => ref.at === null)) return null;
  return refs.map(({ item, at }) => ({ uid: at?.uid ?? 0, uidValidity: at?.uidValidity ?? '', messageKey: item.messageKey }));
}

function recipients(message: DraftArgs): string {
  return message.to.map((a) => formatAddress(a)).join(', ');
}

function whom(message: DraftArgs, replyTo: MailItem | null): string {
  return replyTo ? displayName(replyTo.from) : message.to.map((a) => a.name || a.address).join(', ');
}
