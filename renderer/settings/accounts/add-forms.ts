import type { ComponentType } from 'react';
import type { AppId } from '@shared/domain/capabilities';
import type { Account } from '@shared/domain/types';
import { CaldavAccountForm } from './CaldavAccountForm';
import { GcalSignInForm, GmailSignInAgain, GmailSignInForm } from './GmailSignInForm';
import { FoldersPointer } from './FoldersPointer';
import { ImapAccountForm } from './ImapAccountForm';
import { ImapFolders } from './ImapFolders';

export interface AddFormProps {
  readonly onAdded: (account: Account) => void;
  readonly onCancel?: () => void;
}

interface AddFormInfo {
  /** The kind's name in the choice above the form. */
  readonly choice: string;
  readonly title: string;
  readonly lede: string;
  readonly Form: ComponentType<AddFormProps>;
  /** For kinds added by signing in: signing in again to an account (its sign-in was refused). */
  readonly SignInAgain?: ComponentType<{ readonly account: Account; readonly onDone: () => void }>;
  /** For kinds with folders: which folder plays which role, and how much history to read. */
  readonly Folders?: ComponentType<{ readonly account: Account; readonly onDone: () => void }>;
}

/** How each kind of account is added in Settings: one form per kind. */
export const ADD_FORMS: { readonly [K in AppId]: AddFormInfo } = {
  imap: {
    choice: 'Mail (IMAP)',
    title: 'Add an IMAP account',
    lede: 'Works with any IMAP mail service. Test the connection first to catch a wrong password or server.',
    Form: ImapAccountForm,
    Folders: ImapFolders,
  },
  gmail: {
    choice: 'Gmail',
    title: 'Sign in with Google',
    lede: 'Adds a Gmail or Google Workspace mailbox. Google asks you to allow Steward; no password is typed here or stored.',
    Form: GmailSignInForm,
    SignInAgain: GmailSignInAgain,
  },
  gcal: {
    choice: 'Google Calendar',
    title: 'Sign in with Google',
    lede: 'Adds the calendars in your Google Calendar list. Google asks you to allow Steward; no password is typed here or stored. One sign-in covers Gmail and Calendar.',
    Form: GcalSignInForm,
    SignInAgain: GmailSignInAgain,
  },
  caldav: {
    choice: 'Calendar (CalDAV)',
    title: 'Add a CalDAV calendar',
    lede: 'iCloud, Fastmail, Nextcloud, Radicale and other CalDAV services. Test the connection to see which calendars Steward finds.',
    Form: CaldavAccountForm,
  },
  // Not a choice here (see ADD_ORDER): folders are granted one by one in Settings → Folders.
  folders: {
    choice: 'Folders',
    title: 'Grant a folder',
    lede: 'Folders are granted one by one in Settings → Folders.',
    Form: FoldersPointer,
  },
};

/** The order of the choices; the first is chosen when the page opens. */
export const ADD_ORDER: readonly AppId[] = ['imap', 'gmail', 'gcal', 'caldav'];
