/**
 * Every side effect Steward can have is a capability with a risk class. The gate, the
 * permissions matrix and the ledger all speak in these ids. There is deliberately no
 * permanent-delete capability.
 *
 * An "app" is a kind of connected source (a connector): grants are per app and capability, so
 * archiving in Gmail and archiving over IMAP are granted separately.
 */
export type RiskClass = 'read' | 'reversible' | 'outward' | 'destructive';

export type CapabilityId =
  | 'email.read'
  | 'email.draft'
  | 'email.send'
  | 'email.archive'
  | 'email.move'
  | 'email.label'
  | 'email.markRead'
  | 'email.trash'
  | 'calendar.read'
  | 'calendar.create'
  | 'calendar.update'
  | 'calendar.respond'
  | 'calendar.cancel'
  | 'files.read'
  | 'files.create'
  | 'files.move'
  | 'files.rename'
  | 'files.trash';

/** The kinds of connected source. One connector folder per kind in the engine. */
export type AppId = 'imap' | 'gmail' | 'gcal' | 'caldav' | 'folders';

export interface CapabilityInfo {
  readonly id: CapabilityId;
  readonly risk: RiskClass;
  readonly label: string;
  readonly description: string;
}

export interface AppInfo {
  readonly id: AppId;
  readonly label: string;
  /** What the user connects: "Mail (IMAP)" accounts, a "Calendar", "Folders". */
  readonly capabilities: readonly CapabilityId[];
}

export const CAPABILITIES: Readonly<Record<CapabilityId, CapabilityInfo>> = {
  'email.read': { id: 'email.read', risk: 'read', label: 'Read mail', description: 'Read messages and their headers to notice what needs you.' },
  'email.draft': { id: 'email.draft', risk: 'reversible', label: 'Save drafts', description: 'Save a reply in your Drafts folder. Nothing is sent.' },
  'email.send': { id: 'email.send', risk: 'outward', label: 'Send mail', description: 'Send, reply to or forward mail in your name.' },
  'email.archive': { id: 'email.archive', risk: 'reversible', label: 'Archive messages', description: 'Move messages out of the inbox into your archive folder.' },
  'email.move': { id: 'email.move', risk: 'reversible', label: 'Move messages', description: 'Move messages between your folders.' },
  'email.label': { id: 'email.label', risk: 'reversible', label: 'Label messages', description: 'Add or remove labels (or keywords) on messages.' },
  'email.markRead': { id: 'email.markRead', risk: 'reversible', label: 'Mark as read', description: 'Mark messages read or unread.' },
  'email.trash': {
    id: 'email.trash',
    risk: 'destructive',
    label: 'Move to Trash',
    description: 'Move messages to the Trash folder. Steward never deletes permanently.',
  },
  'calendar.read': { id: 'calendar.read', risk: 'read', label: 'Read calendars', description: 'Read your events to know your day.' },
  'calendar.create': {
    id: 'calendar.create',
    risk: 'reversible',
    label: 'Create events',
    description: 'Add events (tentative by default) to your calendar. Nobody is invited.',
  },
  'calendar.update': { id: 'calendar.update', risk: 'reversible', label: 'Change events', description: 'Change the time, place or details of your events.' },
  'calendar.respond': {
    id: 'calendar.respond',
    risk: 'outward',
    label: 'Answer invitations',
    description: 'Accept, decline or tentatively accept invitations. The organiser is told.',
  },
  'calendar.cancel': {
    id: 'calendar.cancel',
    risk: 'destructive',
    label: 'Cancel events',
    description: 'Cancel events you organise. The attendees are told.',
  },
  'files.read': { id: 'files.read', risk: 'read', label: 'Read files', description: 'Read files inside the folders you granted.' },
  'files.create': { id: 'files.create', risk: 'reversible', label: 'Create files', description: 'Create new files in the folders you granted. Nothing is overwritten.' },
  'files.move': { id: 'files.move', risk: 'reversible', label: 'Move files', description: 'Move files within the folders you granted.' },
  'files.rename': { id: 'files.rename', risk: 'reversible', label: 'Rename files', description: 'Rename files within the folders you granted.' },
  'files.trash': {
    id: 'files.trash',
    risk: 'destructive',
    label: 'Move files to the Trash',
    description: 'Move files to the system Trash. Steward never deletes permanently.',
  },
};

export const EMAIL_CAPABILITIES: readonly CapabilityId[] = [
  'email.read',
  'email.draft',
  'email.send',
  'email.archive',
  'email.move',
  'email.label',
  'email.markRead',
  'email.trash',
];

export const CALENDAR_CAPABILITIES: readonly CapabilityId[] = ['calendar.read', 'calendar.create', 'calendar.update', 'calendar.respond', 'calendar.cancel'];
export const FILES_CAPABILITIES: readonly CapabilityId[] = ['files.read', 'files.create', 'files.move', 'files.rename', 'files.trash'];

export const APPS: Readonly<Record<AppId, AppInfo>> = {
  imap: { id: 'imap', label: 'Mail (IMAP)', capabilities: EMAIL_CAPABILITIES },
  gmail: { id: 'gmail', label: 'Gmail', capabilities: EMAIL_CAPABILITIES },
  // What its executors do today: reading, adding tentative events and answering invitations.
  gcal: { id: 'gcal', label: 'Google Calendar', capabilities: CALENDAR_CAPABILITIES },
  caldav: { id: 'caldav', label: 'Calendar (CalDAV)', capabilities: CALENDAR_CAPABILITIES },
  folders: { id: 'folders', label: 'Folders', capabilities: FILES_CAPABILITIES },
};

export const RISK_LABELS: Readonly<Record<RiskClass, string>> = {
  read: 'Read only',
  reversible: 'Reversible',
  outward: 'Outward',
  destructive: 'Destructive',
};

export function isCapabilityId(value: string): value is CapabilityId {
  return Object.hasOwn(CAPABILITIES, value);
}

export function isAppId(value: string): value is AppId {
  return Object.hasOwn(APPS, value);
}

/** The capability that lets Steward read what an app holds (watching is reading). */
export function readCapabilityOf(app: AppId): CapabilityId {
  const read = APPS[app].capabilities.find((id) => CAPABILITIES[id].risk === 'read');
  if (!read) throw new Error(`${app} has no read capability`);
  return read;
}
