/**
 * Gmail's labels seen as folders. Gmail has no folders: a message carries labels, and "archived"
 * means it lacks INBOX. Of the system labels, INBOX, SENT, DRAFT, TRASH and SPAM behave as folders;
 * UNREAD and STARRED are flags, IMPORTANT and CATEGORY_* are sorting, so they are not folders. Every
 * user label is a folder ("Work/Clients" is a path, as Gmail shows it). "All Mail" has no label; it
 * is listed with a null label id.
 */
import type { gmail_v1 } from '@googleapis/gmail';
import type { GmailApi } from './gmail-client.js';

export type FolderRole = 'inbox' | 'sent' | 'drafts' | 'trash' | 'spam' | 'all' | null;

export interface GmailFolder {
  /** null for All Mail, which is every message rather than a label. */
  readonly labelId: string | null;
  readonly name: string;
  readonly role: FolderRole;
  readonly kind: 'system' | 'user';
  readonly messagesTotal: number | null;
  readonly messagesUnread: number | null;
}

const SYSTEM_FOLDERS: readonly { readonly labelId: string; readonly name: string; readonly role: Exclude<FolderRole, null | 'all'> }[] = [
  { labelId: 'INBOX', name: 'Inbox', role: 'inbox' },
  { labelId: 'SENT', name: 'Sent', role: 'sent' },
  { labelId: 'DRAFT', name: 'Drafts', role: 'drafts' },
  { labelId: 'SPAM', name: 'Spam', role: 'spam' },
  { labelId: 'TRASH', name: 'Trash', role: 'trash' },
];

/** The folders, system ones first in Gmail's order, then All Mail, then user labels by name. */
export function foldersFromLabels(labels: readonly gmail_v1.Schema$Label[]): GmailFolder[] {
  const byId = new Map(labels.flatMap((label) => (label.id ? [[label.id, label] as const] : [])));
  const counts = (label: gmail_v1.Schema$Label | undefined) => ({ messagesTotal: label?.messagesTotal ?? null, messagesUnread: label?.messagesUnread ?? null });
  const system: GmailFolder[] = SYSTEM_FOLDERS.map((folder) => ({ ...folder, kind: 'system', ...counts(byId.get(folder.labelId)) }));
  const all: GmailFolder = { labelId: null, name: 'All Mail', role: 'all', kind: 'system', messagesTotal: null, messagesUnread: null };
  const user = labels
    .filter((label) => label.type === 'user' && label.id && label.name)
    .map((label): GmailFolder => ({ labelId: label.id ?? '', name: label.name ?? '', role: null, kind: 'user', ...counts(label) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return [...system, all, ...user];
}

/** The account's folders now. labels.list gives no counts; they are null. */
export async function listFolders(api: GmailApi, signal?: AbortSignal): Promise<GmailFolder[]> {
  const { data } = await api.users.labels.list({ userId: 'me' }, { signal });
  return foldersFromLabels(data.labels ?? []);
}

/** The id of the user label with this name (Gmail compares names case-insensitively), or null. */
export function findLabelId(labels: readonly gmail_v1.Schema$Label[], name: string): string | null {
  const wanted = name.trim().toLowerCase();
  return labels.find((label) => label.type === 'user' && label.name?.trim().toLowerCase() === wanted)?.id ?? null;
}
