/**
 * Which grant applies to a step, and what it says for this step: a pure function of the stored
 * grants and the step's facts (places it touches, recipients' domains, the detector that
 * proposed it). Scopes and predicates only narrow an Allow: a step outside them is asked about,
 * never denied and never allowed. Deny and Ask apply everywhere.
 */
import { CAPABILITIES, type AppId, type CapabilityId } from '@shared/domain/capabilities.js';
import { detectorWords, type GrantPredicate, type GrantScope } from '@shared/domain/permissions.js';
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
  const outside = outsideScope(grant.scope, subject.places) ?? failedPredicate(grant.predicates, subject);
  return outside === null ? { mode: 'allow', grant, outside: null } : { mode: 'ask', grant, outside };
}

/** The first place the step touches that the scope does not cover, in words; null when all are covered. */
function outsideScope(scope: GrantScope, places: Places): string | null {
  const kinds = [
    ['folders', 'folder'],
    ['calendars', 'calendar'],
    ['pathRoots', 'folder root'],
  ] as const;
  for (const [key, noun] of kinds) {
    const allowed = scope[key];
    if (allowed.length === 0) continue;
    const touched = places[key];
    if (touched.length === 0) return `it does not say which ${noun} it acts in`;
    const stray = touched.find((place) => !allowed.some((a) => samePlace(key, a, place)));
    if (stray !== undefined) return `it acts in ${stray}, outside ${allowed.join(', ')}`;
  }
  return null;
}

/** IMAP's INBOX is case-insensitive (RFC 3501); every other name is compared as written. */
function samePlace(kind: keyof Places, a: string, b: string): boolean {
  if (kind === 'folders' && a.toUpperCase() === 'INBOX') return b.toUpperCase() === 'INBOX';
  return a === b;
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
