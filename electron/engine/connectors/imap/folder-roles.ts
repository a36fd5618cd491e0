/**
 * Which folders of an IMAP account Steward reads, and what each is for. Pure: the LIST answer
 * and the user's choices in, one plan per folder out.
 *
 * A role comes from, in order: the user's choice (for servers that mark nothing), the server's
 * special-use flag (RFC 6154), then a common name ("Sent Items"). Virtual folders (\All,
 * \Flagged) are left out: they hold copies of mail that lives in other folders, and reading them
 * would show every message twice.
 */
import type { FolderChoices } from '@shared/connectors/index.js';
import type { MailRole } from '../../items/mail/index.js';

export type SpecialUse = '\\Archive' | '\\Drafts' | '\\Trash' | '\\Sent' | '\\Junk';

export const ROLE_OF_USE: Readonly<Record<SpecialUse, MailRole>> = {
  '\\Archive': 'archive',
  '\\Drafts': 'drafts',
  '\\Trash': 'trash',
  '\\Sent': 'sent',
  '\\Junk': 'junk',
};

export const COMMON_NAMES: Readonly<Record<SpecialUse, readonly string[]>> = {
  '\\Archive': ['archive', 'archives', 'inbox.archive', 'inbox/archive'],
  '\\Drafts': ['drafts', 'draft', 'inbox.drafts', 'inbox/drafts'],
  '\\Trash': ['trash', 'deleted items', 'deleted messages', 'inbox.trash', 'inbox/trash'],
  '\\Sent': ['sent', 'sent items', 'sent messages', 'sent mail', 'inbox.sent', 'inbox/sent'],
  '\\Junk': ['junk', 'spam', 'junk e-mail', 'junk email', 'bulk mail', 'inbox.junk', 'inbox.spam', 'inbox/junk', 'inbox/spam'],
};

/** A folder as LIST reports it (the fields of imapflow's ListResponse that matter here). */
export interface ListedFolder {
  readonly path: string;
  readonly flags: ReadonlySet<string>;
  readonly specialUse?: string | undefined;
}

export interface FolderPlan {
  readonly path: string;
  /** What the folder is for; null for the user's own folders ("Projects/2025"). */
  readonly role: MailRole | null;
  /** How the role was found, for Settings: the user chose it, the server marks it, or its name. */
  readonly source: 'inbox' | 'chosen' | 'server' | 'name' | null;
}

/** The user's choices by role: the Archive setting and the folder choices together. */
export interface RoleChoices {
  readonly archiveMailbox: string | null;
  readonly folders?: FolderChoices | undefined;
}

const VIRTUAL = new Set(['\\All', '\\Flagged', '\\Important']);
const UNSELECTABLE = ['\\Noselect', '\\NonExistent'];

/** One plan per folder Steward should read, INBOX first. */
export function planFolders(listed: readonly ListedFolder[], choices: RoleChoices): FolderPlan[] {
  const readable = listed.filter((box) => !UNSELECTABLE.some((flag) => box.flags.has(flag)) && !(box.specialUse && VIRTUAL.has(box.specialUse)));
  const roleByPath = new Map<string, Pick<FolderPlan, 'role' | 'source'>>();
  for (const use of Object.keys(ROLE_OF_USE) as SpecialUse[]) {
    const path = resolveUse(readable, use, chosenFor(choices, use));
    if (path && !roleByPath.has(path.path)) roleByPath.set(path.path, { role: ROLE_OF_USE[use], source: path.source });
  }
  const plans = readable.map((box): FolderPlan => {
    if (isInbox(box.path)) return { path: box.path, role: 'inbox', source: 'inbox' };
    return { path: box.path, ...(roleByPath.get(box.path) ?? { role: null, source: null }) };
  });
  return plans.sort((a, b) => Number(b.role === 'inbox') - Number(a.role === 'inbox'));
}

/** The user's choice for a special use, if any. */
export function chosenFor(choices: RoleChoices, use: SpecialUse): string | null {
  if (use === '\\Archive') return choices.archiveMailbox;
  const role = ROLE_OF_USE[use] as Exclude<MailRole, 'inbox' | 'archive'>;
  return choices.folders?.[role] ?? null;
}

/** The folder for a special use: the chosen one, the flagged one, or one with a common name. */
export function resolveUse(list: readonly ListedFolder[], use: SpecialUse, chosen: string | null): { path: string; source: 'chosen' | 'server' | 'name' } | null {
  if (chosen) {
    const match = list.find((box) => box.path === chosen) ?? list.find((box) => box.path.toLowerCase() === chosen.toLowerCase());
    return match ? { path: match.path, source: 'chosen' } : null;
  }
  const flagged = list.find((box) => box.specialUse === use);
  if (flagged) return { path: flagged.path, source: 'server' };
  const named = list.find((box) => COMMON_NAMES[use].includes(box.path.toLowerCase()));
  return named ? { path: named.path, source: 'name' } : null;
}

function isInbox(path: string): boolean {
  return path.toUpperCase() === 'INBOX';
}
