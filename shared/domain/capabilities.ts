/**
 * Every side effect Steward can have is a capability with a risk class. The gate, the
 * permissions matrix and the ledger all speak in these ids. There is deliberately no
 * permanent-delete capability.
 */
export type RiskClass = 'read' | 'reversible' | 'outward' | 'destructive';

export type AppId = 'imap';

export type CapabilityId = 'email.read' | 'email.draft' | 'email.archive' | 'email.send' | 'email.trash';

export interface CapabilityInfo {
  readonly id: CapabilityId;
  readonly risk: RiskClass;
  readonly label: string;
  readonly description: string;
}

export interface AppInfo {
  readonly id: AppId;
  readonly label: string;
  readonly capabilities: readonly CapabilityId[];
}

export const CAPABILITIES: Readonly<Record<CapabilityId, CapabilityInfo>> = {
  'email.read': {
    id: 'email.read',
    risk: 'read',
    label: 'Read mail',
    description: 'Read messages and their headers to notice what needs you.',
  },
  'email.draft': {
    id: 'email.draft',
    risk: 'reversible',
    label: 'Save drafts',
    description: 'Save a reply in your Drafts folder. Nothing is sent.',
  },
  'email.archive': {
    id: 'email.archive',
    risk: 'reversible',
    label: 'Archive messages',
    description: 'Move messages out of the inbox into your archive folder.',
  },
  'email.send': {
    id: 'email.send',
    risk: 'outward',
    label: 'Send mail',
    description: 'Send, reply to or forward mail in your name.',
  },
  'email.trash': {
    id: 'email.trash',
    risk: 'destructive',
    label: 'Move to Trash',
    description: 'Move messages to the Trash folder. Steward never deletes permanently.',
  },
};

export const APPS: Readonly<Record<AppId, AppInfo>> = {
  imap: {
    id: 'imap',
    label: 'Mail (IMAP)',
    capabilities: ['email.read', 'email.draft', 'email.archive', 'email.send', 'email.trash'],
  },
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
