/**
 * Standing permissions beyond one approval: scoped grants (what Steward may do per connected
 * app and capability, where, and for which arguments) and rules made from approvals ("always do
 * this"). Both match only structured fields computed by the engine, never text a model wrote.
 * The words here are what the ledger, Settings and the CLI say about them.
 */
import { CAPABILITIES, type CapabilityId } from './capabilities.js';

/** Where an Allow grant applies. Empty lists mean "anywhere" for that kind of place. */
export interface GrantScope {
  /** Mailboxes (IMAP) or labels (Gmail), by name, as the step's arguments name them. */
  readonly folders: readonly string[];
  readonly calendars: readonly string[];
  /** Granted folder roots (the folders connector's root ids). */
  readonly pathRoots: readonly string[];
}

/**
 * How the words name a granted folder root, given its id: as the user knows it ("~/Downloads"),
 * never by the id. Only the engine knows the roots (the folders connector's), so it passes this in.
 */
export type RootWords = (rootId: string) => string;

export const EMPTY_SCOPE: GrantScope = { folders: [], calendars: [], pathRoots: [] };

/** A condition on a step's arguments or origin that an Allow grant requires. */
export type GrantPredicate =
  /** Every recipient is in the account's own domain ("send without asking only to my own domain"). */
  | { readonly kind: 'own-domain' }
  /** Every recipient is in one of these domains. */
  | { readonly kind: 'recipient-domains'; readonly domains: readonly string[] }
  /** The step belongs to a suggestion this detector made ("only what the newsletter detector flagged"). */
  | { readonly kind: 'detector'; readonly detector: string };

/** The structured fields a rule matches. A null field matches anything; every set field must hold. */
export interface RuleMatch {
  readonly accountId: string;
  /** Every step of the plan is one of these capabilities. */
  readonly capabilities: readonly CapabilityId[];
  /** The detector that proposed it (a suggestion kind); null: any proposer. */
  readonly detector: string | null;
  /** Every message it is about is from this address (lower case). */
  readonly sender: string | null;
  /** Every message it is about has this List-Id. */
  readonly listId: string | null;
  /** Every message it is about lives in this folder. */
  readonly folder: string | null;
  /** Every recipient of every step is in this domain (lower case). */
  readonly recipientDomain: string | null;
}

export interface Rule {
  readonly id: string;
  /** The user's name for it; by default what it does in words. */
  readonly name: string;
  readonly match: RuleMatch;
  readonly paused: boolean;
  /** The approved suggestion it was made from. */
  readonly createdFrom: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** How often a plan ran under it, and when last. */
  readonly uses: number;
  readonly lastUsedAt: string | null;
  /** What it does, in words: "Archive messages the newsletter detector flagged in alice@example.com, only from INBOX". */
  readonly words: string;
}

/** Friendly names of detectors, for the words. Unknown ones are named by their id. */
const DETECTOR_WORDS: Readonly<Record<string, string>> = {
  newsletters: 'the newsletter detector',
  reply: 'the reply detector',
  'follow-up': 'the follow-up detector',
  invitation: 'the invitation detector',
  deadline: 'the deadline detector',
};

export function detectorWords(detector: string): string {
  return DETECTOR_WORDS[detector] ?? `the ${detector} detector`;
}

/** "9 Dec" (with the year when it is not this year's). */
export function shortDate(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  const sameYear = date.getUTCFullYear() === now.getUTCFullYear();
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }), timeZone: 'UTC' });
}

/** The conditions of a grant in words: ", only for mail the newsletter detector flagged, only in INBOX", ", only under ~/Downloads". */
export function conditionWords(scope: GrantScope, predicates: readonly GrantPredicate[], rootWords: RootWords): string {
  const parts: string[] = [];
  for (const p of predicates) {
    if (p.kind === 'own-domain') parts.push('only to addresses in your own domain');
    else if (p.kind === 'recipient-domains') parts.push(`only to addresses in ${p.domains.join(', ')}`);
    else parts.push(`only for what ${detectorWords(p.detector)} flagged`);
  }
  if (scope.folders.length > 0) parts.push(`only in ${scope.folders.join(', ')}`);
  if (scope.calendars.length > 0) parts.push(`only in the calendar${scope.calendars.length === 1 ? '' : 's'} ${scope.calendars.join(', ')}`);
  if (scope.pathRoots.length > 0) parts.push(`only under ${scope.pathRoots.map((id) => rootWords(id)).join(', ')}`);
  return parts.map((p) => `, ${p}`).join('');
}

export interface GrantWordsInput {
  readonly capability: CapabilityId;
  readonly mode: 'deny' | 'ask' | 'allow';
  /** "alice@example.com", or "every Mail (IMAP) account". */
  readonly where: string;
  readonly scope: GrantScope;
  readonly predicates: readonly GrantPredicate[];
  readonly expiresAt: string | null;
  readonly rootWords: RootWords;
}

/** "Archive messages in alice@example.com without asking, only for what the newsletter detector flagged, until 9 Dec". */
export function grantWords(g: GrantWordsInput, now?: Date): string {
  const label = CAPABILITIES[g.capability].label;
  const until = g.expiresAt ? `, until ${shortDate(g.expiresAt, now)}` : '';
  if (g.mode === 'deny') return `${label} in ${g.where}: never${until}`;
  if (g.mode === 'ask') return `${label} in ${g.where}: ask every time${until}`;
  return `${label} in ${g.where} without asking${conditionWords(g.scope, g.predicates, g.rootWords)}${until}`;
}

/** What a rule does, in words, from its fields alone. */
export function ruleWords(match: RuleMatch, accountLabel: string): string {
  const what = match.capabilities.map((c) => CAPABILITIES[c].label).join(' and ') || 'Run the plan';
  const parts: string[] = [];
  if (match.detector) parts.push(`when ${detectorWords(match.detector)} proposes it`);
  if (match.sender) parts.push(`for mail from ${match.sender}`);
  if (match.listId) parts.push(`for the list ${match.listId}`);
  if (match.folder) parts.push(`in ${match.folder}`);
  if (match.recipientDomain) parts.push(`only to ${match.recipientDomain}`);
  return `${what} in ${accountLabel}${parts.map((p) => ` ${p}`).join(',')}`;
}

/** A rule's default name: short, from its most telling field ("Archive messages from news@weekly.example"). */
export function ruleName(match: RuleMatch): string {
  const what = match.capabilities.map((c) => CAPABILITIES[c].label).join(' and ') || 'Run the plan';
  if (match.sender) return `${what} from ${match.sender}`;
  if (match.listId) return `${what} of the list ${match.listId}`;
  if (match.detector) return `${what} ${detectorWords(match.detector)} flags`;
  if (match.folder) return `${what} in ${match.folder}`;
  if (match.recipientDomain) return `${what} to ${match.recipientDomain}`;
  return what;
}
