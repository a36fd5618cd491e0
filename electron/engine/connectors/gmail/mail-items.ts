/**
 * Gmail messages as the engine's mail items. A Gmail account is one stream (the mailbox): a
 * message keeps its id whatever labels come and go, so its labels become the item's folders,
 * roles and flags rather than where it lives. Pure: the label names come from the caller.
 */
import type { MailRole, NewMailItem } from '../../items/mail/index.js';
import type { GmailMessage } from './gmail-message.js';

/** The one stream of a Gmail account; its cursor is the history cursor (sync-cursor.ts). */
export const GMAIL_STREAM = 'mailbox';

/** System labels that behave as folders, with the names Gmail shows for them. */
const SYSTEM_FOLDERS: readonly (readonly [labelId: string, name: string])[] = [
  ['INBOX', 'Inbox'],
  ['SENT', 'Sent'],
  ['DRAFT', 'Drafts'],
  ['SPAM', 'Spam'],
  ['TRASH', 'Trash'],
];

/** Names of user labels by id (labels.list); a label Steward has not seen yet shows as its id. */
export type LabelNames = ReadonlyMap<string, string>;

/** What a message's labels make of it: archived is in All Mail but out of the inbox (and not sent, a draft, spam or trash). */
export function mailRolesOf(labelIds: readonly string[]): MailRole[] {
  const has = new Set(labelIds);
  const roles: MailRole[] = [];
  if (has.has('INBOX')) roles.push('inbox');
  if (has.has('SENT')) roles.push('sent');
  if (has.has('DRAFT')) roles.push('drafts');
  if (has.has('TRASH')) roles.push('trash');
  if (has.has('SPAM')) roles.push('junk');
  if (roles.length === 0) roles.push('archive');
  return roles;
}

/** Gmail's flag labels in IMAP's words, which the detectors read: \Seen unless UNREAD, \Flagged for STARRED, \Draft for DRAFT. */
export function mailFlagsOf(labelIds: readonly string[]): string[] {
  const has = new Set(labelIds);
  const flags: string[] = [];
  if (!has.has('UNREAD')) flags.push('\\Seen');
  if (has.has('STARRED')) flags.push('\\Flagged');
  if (has.has('DRAFT')) flags.push('\\Draft');
  return flags;
}

/** System label ids are upper case (INBOX, UNREAD, CATEGORY_SOCIAL); user ones are not (Label_12). */
export const SYSTEM_LABEL_ID = /^[A-Z_]+$/;

/**
 * The folders a message is filed under: system folders first in Gmail's order, then user labels
 * by name. Flags (UNREAD, STARRED) and sorting (IMPORTANT, CATEGORY_*) are not folders.
 */
export function folderNamesOf(labelIds: readonly string[], names: LabelNames): string[] {
  const has = new Set(labelIds);
  const system = SYSTEM_FOLDERS.filter(([id]) => has.has(id)).map(([, name]) => name);
  const user = labelIds
    .filter((id) => !SYSTEM_LABEL_ID.test(id))
    .map((id) => names.get(id) ?? id)
    .sort((a, b) => a.localeCompare(b));
  return [...system, ...user];
}

export function toMailItem(message: GmailMessage, names: LabelNames): NewMailItem {
  const { gmailId, threadId: _threadId, labelIds, historyId: _historyId, sizeEstimate, receivedAt, messageKey, ...content } = message;
  return {
    ...content,
    stream: GMAIL_STREAM,
    externalId: gmailId,
    messageKey,
    receivedAt,
    flags: mailFlagsOf(labelIds),
    folders: folderNamesOf(labelIds, names),
    roles: mailRolesOf(labelIds),
    size: sizeEstimate,
  };
}

/** Labels as labels.list gives them, reduced to what scoping needs. */
export interface LabelInfo {
  readonly id: string;
  readonly name: string;
  readonly type: 'system' | 'user';
}

export interface LabelScope {
  /** The label ids whose mail is taken in; null: all mail but Spam and Trash. */
  readonly ids: ReadonlySet<string> | null;
  /** Names the user chose that Gmail does not have. */
  readonly unknown: readonly string[];
}

/**
 * The ids of the labels the user chose by name. System labels match their id or Gmail's name for
 * them (INBOX or Inbox); user labels match by name, ignoring case, as Gmail compares them.
 */
export function resolveLabelScope(chosen: readonly string[] | null, labels: readonly LabelInfo[]): LabelScope {
  if (chosen === null) return { ids: null, unknown: [] };
  const ids = new Set<string>();
  const unknown: string[] = [];
  for (const name of chosen) {
    const wanted = name.trim().toLowerCase();
    const system = SYSTEM_FOLDERS.find(([id, shown]) => id.toLowerCase() === wanted || shown.toLowerCase() === wanted);
    const label = system ? labels.find((l) => l.id === system[0]) ?? { id: system[0] } : labels.find((l) => l.name.trim().toLowerCase() === wanted || l.id.toLowerCase() === wanted);
    if (label) ids.add(label.id);
    else unknown.push(name);
  }
  return { ids, unknown };
}

/** Whether a message belongs to what the account takes in (Spam and Trash are left out by the sync itself). */
export function inLabelScope(labelIds: readonly string[], scope: LabelScope): boolean {
  return scope.ids === null || labelIds.some((id) => scope.ids?.has(id));
}
