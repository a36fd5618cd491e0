/**
 * Which grant applies to a step, and what it says for this step: a pure function of the stored
 * grants and the step's facts (places it touches, recipients' domains, the detector that
 * proposed it). Scopes and predicates only narrow an Allow: a step outside them is asked about,
 * never denied and never allowed. Deny and Ask apply everywhere.
 */
import { CAPABILITIES, type AppId, type CapabilityId } from '@shared/domain/capabilities.js';
import { detectorWords, type GrantPredicate, type GrantScope, type RootWords } from '@shared/domain/permissions.js';
import type { GrantMode } from '@shared/domain/types.js';

export interface StoredGrant {
  readonly app: AppId;
  /** null: the app's own grant, for every account of the app. */
  readonly accountId: string | null;
  readonly capability: CapabilityId;
  readonly mode: GrantMode;
  readonly scope: GrantScope;
  readonly predicates: readonly GrantPredicate[];
  readonly expiresAt: string | null;
}

/** The places a step touches, read from its arguments (grant-subject.ts). */
export type Places = GrantScope;

/** What the gate knows about a step that a grant can ask about. */
export interface GrantSubject {
  readonly accountId: string;
  readonly capability: CapabilityId;
  readonly places: Places;
  /** Lower-case domains of every recipient; empty when the step names nobody. */
  readonly recipientDomains: readonly string[];
  /** The domain of the account's own address; null when it has none. */
  readonly ownDomain: string | null;
  /** The detector whose suggestion this step belongs to; null for the agent's or the user's own. */
  readonly detector: string | null;
  /** How the words (`outside`) name a folder root; the match itself compares ids. */
  readonly rootWords: RootWords;
}

export interface GrantOutcome {
  /** The mode that applies to this step (an Allow outside its scope is 'ask'). */
  readonly mode: GrantMode;
  /** The grant that applied; null when none did (the default). */
  readonly grant: StoredGrant | null;
  /** Why, in words, when an Allow did not cover this step; null otherwise. */
  readonly outside: string | null;
}

/** What applies until the user chooses: reading is allowed, everything else asks. */
export function defaultMode(capability: CapabilityId): GrantMode {
  return CAPABILITIES[capability].risk === 'read' ? 'allow' : 'ask';
}

/** A grant that lapsed no longer applies. */
export function isLive(grant: StoredGrant, now: Date): boolean {
  return grant.expiresAt === null || Date.parse(grant.expiresAt) > now.getTime();
}

/**
 * The account's own grant when it has a live one, else the app's, else none. `grants` are those
 * stored for this app and capability.
 */
export function applicableGrant(grants: readonly StoredGrant[], accountId: string | null, now: Date): StoredGrant | null {
  const live = grants.filter((g) => isLive(g, now));
  return (accountId !== null ? live.find((g) => g.accountId === accountId) : undefined) ?? live.find((g) => g.accountId === null) ?? null;
}

/** An Allow of a destructive capability must say where or what: it can never cover every argument. */
export function isUnbounded(grant: Pick<StoredGrant, 'scope' | 'predicates'>): boolean {
  const { scope, predicates } = grant;
  return predicates.length === 0 && scope.folders.length === 0 && scope.calendars.length === 0 && scope.pathRoots.length === 0;
}

export function matchGrant(grants: readonly StoredGrant[], subject: GrantSubject, now: Date): GrantOutcome {
  const grant = applicableGrant(grants, subject.accountId, now);
  if (!grant) return { mode: defaultMode(subject.capability), grant: null, outside: null };
  if (grant.mode !== 'allow') return { mode: grant.mode, grant, outside: null };
  if (CAPABILITIES[subject.capability].risk === 'destructive' && isUnbounded(grant)) {
    // Only a tampered database gets here: the store refuses to save such a grant.
    return { mode: 'ask', grant, outside: `an Allow of ${CAPABILITIES[subject.capability].label} must name where or what it covers` };
  }
  const outside = outsideScope(grant.scope, subject, 'acts') ?? failedPredicate(grant.predicates, subject);
  return outside === null ? { mode: 'allow', grant, outside: null } : { mode: 'ask', grant, outside };
}

/** What the gate knows about a read: where it names, and whether its answer can be narrowed. */
export interface ReadSubject extends GrantSubject {
  /**
   * The reader filters what it returns to `within` (a read tool of the agent does). A read that
   * cannot (a job reading a whole account) is refused under a scoped Allow unless it names its
   * places, as a write is.
   */
  readonly narrowable: boolean;
}

export interface ReadOutcome extends GrantOutcome {
  /**
   * The places a scoped Allow keeps this read's answer to (a read naming none sees only these);
   * null when nothing narrows it (no scope, or a reader that cannot narrow).
   */
  readonly within: GrantScope | null;
}

/**
 * A read under the grants. Like a write, a read naming a place outside an Allow's scope is not
 * covered (the gate refuses it, with why); unlike a write, a read that names no place is not
 * refused when its answer can be narrowed: it is allowed within the granted places only.
 */
export function matchRead(grants: readonly StoredGrant[], subject: ReadSubject, now: Date): ReadOutcome {
  const outcome = matchGrant(grants, subject, now);
  const grant = outcome.grant;
  if (!grant || grant.mode !== 'allow' || !hasScope(grant.scope)) return { ...outcome, within: null };
  const outside = outsideScope(grant.scope, subject, subject.narrowable ? 'narrows' : 'reads') ?? failedPredicate(grant.predicates, subject);
  if (outside !== null) return { mode: 'ask', grant, outside, within: null };
  if (!subject.narrowable) return { mode: 'allow', grant, outside: null, within: null };
  // Kept to the scope even when it named a granted place: a thread read from INBOX must not
  // bring along the user's Sent under an INBOX-only Allow.
  return { mode: 'allow', grant, outside: null, within: grant.scope };
}

/** Whether a place is one a read narrowed to `within` may see (every place when not narrowed). */
export function withinScope(within: GrantScope | null, kind: keyof Places, place: string): boolean {
  if (within === null || within[kind].length === 0) return true;
  return within[kind].some((allowed) => samePlace(kind, allowed, place));
}

const SCOPE_KINDS = [
  ['folders', 'folder'],
  ['calendars', 'calendar'],
  ['pathRoots', 'folder root'],
] as const;

function hasScope(scope: GrantScope): boolean {
  return SCOPE_KINDS.some(([key]) => scope[key].length > 0);
}

/**
 * The first place the step touches that the scope does not cover, in words; null when all are
 * covered. A step 'acts', a read 'reads'; a read whose answer 'narrows' to the scope may name no
 * place of a kind (it is then kept to the granted ones).
 */
function outsideScope(scope: GrantScope, { places, rootWords }: GrantSubject, how: 'acts' | 'reads' | 'narrows'): string | null {
  const verb = how === 'acts' ? 'acts' : 'reads';
  for (const [key, noun] of SCOPE_KINDS) {
    const allowed = scope[key];
    if (allowed.length === 0) continue;
    const touched = places[key];
    const named = (place: string) => (key === 'pathRoots' ? rootWords(place) : place);
    if (touched.length === 0) {
      if (how === 'narrows') continue;
      return `it does not say which ${noun} it ${verb} in`;
    }
    const stray = touched.find((place) => !allowed.some((a) => samePlace(key, a, place)));
    if (stray !== undefined) return `it ${verb} in ${named(stray)}, outside ${allowed.map(named).join(', ')}`;
  }
  return null;
}

/**
 * IMAP's INBOX is case-insensitive (RFC 3501); every other name is compared as written. A
 * calendar is named by its address (a CalDAV URL, a Google calendar id) in a scope and by the
 * end of it in a read's answer ("work"): either form matches.
 */
function samePlace(kind: keyof Places, a: string, b: string): boolean {
  if (kind === 'folders' && a.toUpperCase() === 'INBOX') return b.toUpperCase() === 'INBOX';
  if (kind === 'calendars') return a === b || lastSegment(a) === b || a === lastSegment(b);
  return a === b;
}

function lastSegment(address: string): string {
  return address.replace(/\/+$/, '').split('/').at(-1) ?? address;
}

function failedPredicate(predicates: readonly GrantPredicate[], subject: GrantSubject): string | null {
  for (const p of predicates) {
    switch (p.kind) {
      case 'own-domain': {
        if (subject.recipientDomains.length === 0) return 'it names no recipient';
        const stray = subject.recipientDomains.find((d) => d !== subject.ownDomain);
        if (stray !== undefined) return `it goes to ${stray}, outside your own domain${subject.ownDomain ? ` (${subject.ownDomain})` : ''}`;
        break;
      }
      case 'recipient-domains': {
        if (subject.recipientDomains.length === 0) return 'it names no recipient';
        const stray = subject.recipientDomains.find((d) => !p.domains.includes(d));
        if (stray !== undefined) return `it goes to ${stray}, outside ${p.domains.join(', ')}`;
        break;
      }
      case 'detector':
        if (subject.detector !== p.detector) return `${detectorWords(p.detector)} did not propose it`;
        break;
    }
  }
  return null;
}
