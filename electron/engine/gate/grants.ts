/**
 * The user's grants: per app (every account of that kind) or per connected account, and
 * capability, with scopes, predicates and an expiry. Which one applies to a step, and whether it
 * covers the step, is grant-match.ts's pure decision; this keeps them and refuses what must
 * never be stored (an Allow of a destructive capability for every argument, or without the
 * second confirmation).
 */
import { ApiError } from '@shared/api/errors.js';
import { APPS, CAPABILITIES, type AppId, type CapabilityId } from '@shared/domain/capabilities.js';
import { conditionWords, EMPTY_SCOPE, grantWords, shortDate, type GrantPredicate, type GrantScope, type RootWords } from '@shared/domain/permissions.js';
import type { Grant, GrantMode } from '@shared/domain/types.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { domainOf, recipientAddresses } from './facts.js';
import { applicableGrant, defaultMode, isUnbounded, matchGrant, matchRead, type GrantOutcome, type GrantSubject, type Places, type ReadOutcome, type StoredGrant } from './grant-match.js';
import { placesOf } from './step-places.js';

export { defaultMode } from './grant-match.js';

/** A step as the grants see it: where it acts and what it writes. */
export interface GrantedStep {
  readonly app: AppId;
  readonly capability: CapabilityId;
  readonly accountId: string;
  /** Absent for a read (it names no places of its own). */
  readonly args?: unknown;
  /** The suggestion it belongs to: which detector proposed it. */
  readonly suggestionId?: string;
}

/** A read as the grants see it. */
export interface GrantedRead extends GrantedStep {
  /** The places the read names (a folder, a calendar, a folder root); none: everything it may see. */
  readonly places?: Places;
  /** Its reader filters the answer to what a scoped Allow covers (GrantStore.readOutcomeFor). */
  readonly narrowable?: boolean;
}

export interface GrantChange {
  readonly app: AppId;
  /** null: the app's own grant. */
  readonly accountId: string | null;
  readonly capability: CapabilityId;
  readonly mode: GrantMode;
  readonly scope?: GrantScope;
  readonly predicates?: readonly GrantPredicate[];
  readonly expiresAt?: string | null;
  /** The second confirmation an Allow of a destructive capability needs. */
  readonly confirmed?: boolean;
}

interface GrantRow {
  app: AppId;
  account_id: string;
  capability: CapabilityId;
  mode: GrantMode;
  scope_json: string;
  predicates_json: string;
  expires_at: string | null;
}

export class GrantStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** How the words name a folder root (the folders connector knows the roots); asked each time, as roots come and go. */
    private readonly rootWords: () => RootWords,
  ) {}

  /** Every stored grant of this app and capability (the app's own and each account's). */
  storedFor(app: AppId, capability: CapabilityId): StoredGrant[] {
    const rows = this.db.prepare('SELECT * FROM grants WHERE app = ? AND capability = ?').all(app, capability) as GrantRow[];
    return rows.map(toStored);
  }

  /** The mode that applies to an account (or, without one, the app), before any step's facts. */
  modeFor(app: AppId, capability: CapabilityId, accountId: string | null = null): GrantMode {
    return applicableGrant(this.storedFor(app, capability), accountId, this.clock.now())?.mode ?? defaultMode(capability);
  }

  /**
   * What the grants say about one step, from its facts: the places its arguments name, its
   * recipients' domains, the account's own domain and the detector that proposed it. An Allow
   * that does not cover the step comes back as 'ask', with why.
   */
  outcomeFor(step: GrantedStep): GrantOutcome {
    return matchGrant(this.storedFor(step.app, step.capability), this.subjectOf(step), this.clock.now());
  }

  /**
   * What the grants say about a read: the places it names (`places`), and, when it names none
   * and its reader can narrow its answer, the granted places it is narrowed to (grant-match.ts).
   */
  readOutcomeFor(read: GrantedRead): ReadOutcome {
    const subject = { ...this.subjectOf(read), places: read.places ?? EMPTY_SCOPE, narrowable: read.narrowable === true };
    return matchRead(this.storedFor(read.app, read.capability), subject, this.clock.now());
  }

  private subjectOf(step: GrantedStep): GrantSubject {
    const own = this.db.prepare('SELECT email FROM accounts WHERE id = ?').get(step.accountId) as { email: string } | undefined;
    const origin = step.suggestionId
      ? (this.db.prepare('SELECT kind, origin_json FROM suggestions WHERE id = ?').get(step.suggestionId) as { kind: string; origin_json: string | null } | undefined)
      : undefined;
    const proposer = origin ? ((JSON.parse(origin.origin_json ?? 'null') as { kind?: string } | null)?.kind ?? 'detector') : null;
    return {
      accountId: step.accountId,
      capability: step.capability,
      places: placesOf(step.args),
      recipientDomains: [...new Set(recipientAddresses(step.args).map(domainOf))],
      ownDomain: own?.email.includes('@') ? domainOf(own.email) : null,
      detector: proposer === 'detector' && origin ? origin.kind : null,
      rootWords: (rootId) => this.rootWords()(rootId),
    };
  }

  /** An Allow's conditions in words (", only under ~/Downloads"), for the gate's questions and the ledger. */
  conditionWordsOf(grant: StoredGrant): string {
    return conditionWords(grant.scope, grant.predicates, this.rootWords());
  }

  /** The grant that applies to an account (or the app), in its stored shape; null for the default. */
  applicable(app: AppId, capability: CapabilityId, accountId: string | null): StoredGrant | null {
    return applicableGrant(this.storedFor(app, capability), accountId, this.clock.now());
  }

  /**
   * Stores a grant. Refused in words: an account that is not of this app, a lapsed expiry, and
   * an Allow of a destructive capability that covers every argument or was not confirmed.
   */
  /** The app's own grant, with no conditions (what Settings' matrix and tests set). */
  set(app: AppId, capability: CapabilityId, mode: GrantMode): Grant {
    return this.put({ app, accountId: null, capability, mode });
  }

  put(change: GrantChange): Grant {
    const scope = normaliseScope(change.scope ?? EMPTY_SCOPE);
    const predicates = change.predicates ?? [];
    const label = CAPABILITIES[change.capability].label;
    if (change.accountId !== null) {
      const account = this.db.prepare('SELECT kind FROM accounts WHERE id = ?').get(change.accountId) as { kind: string } | undefined;
      if (!account) throw new ApiError('not_found', `No account with id "${change.accountId}". See \`steward accounts list\`.`);
      if (account.kind !== change.app) throw new ApiError('invalid_input', `That account is ${account.kind}, not ${change.app}: give its own app.`);
    }
    if (change.expiresAt && Date.parse(change.expiresAt) <= this.clock.now().getTime()) {
      throw new ApiError('invalid_input', `The expiry ${change.expiresAt} has already passed: give a time in the future.`);
    }
    if (change.mode === 'allow' && CAPABILITIES[change.capability].risk === 'destructive') {
      if (isUnbounded({ scope, predicates })) {
        throw new ApiError(
          'invalid_input',
          `${label} can never be allowed for everything: name the folders (or calendars, or folder roots) or a condition such as the detector, and it will ask about the rest.`,
        );
      }
      if (change.confirmed !== true) {
        throw new ApiError('invalid_input', `${label} cannot be taken back easily. Allowing it without asking needs a second confirmation (in the CLI: --confirm).`);
      }
    }
    this.db
      .prepare(
        `INSERT INTO grants (app, account_id, capability, mode, scope_json, predicates_json, expires_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (app, account_id, capability) DO UPDATE SET mode = excluded.mode, scope_json = excluded.scope_json,
           predicates_json = excluded.predicates_json, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
      )
      .run(change.app, change.accountId ?? '', change.capability, change.mode, JSON.stringify(scope), JSON.stringify(predicates), change.expiresAt ?? null, this.clock.now().toISOString());
    return this.grant(change.app, change.accountId, change.capability);
  }

  /** Removes an account's own grant: the app's grant (or the default) applies to it again. */
  clearAccount(app: AppId, accountId: string, capability: CapabilityId): boolean {
    return this.db.prepare('DELETE FROM grants WHERE app = ? AND account_id = ? AND capability = ?').run(app, accountId, capability).changes > 0;
  }

  /** One grant per app and capability (the default where none is set), then every account's own. */
  list(): Grant[] {
    const appGrants = Object.values(APPS).flatMap((app) => app.capabilities.map((capability) => this.grant(app.id, null, capability)));
    const accountRows = this.db
      .prepare(`SELECT g.app, g.account_id, g.capability FROM grants g JOIN accounts a ON a.id = g.account_id ORDER BY a.email, g.capability`)
      .all() as Pick<GrantRow, 'app' | 'account_id' | 'capability'>[];
    return [...appGrants, ...accountRows.map((r) => this.grant(r.app, r.account_id, r.capability))];
  }

  /** A grant as clients see it, stored or default. */
  grant(app: AppId, accountId: string | null, capability: CapabilityId): Grant {
    const row = this.db.prepare('SELECT * FROM grants WHERE app = ? AND account_id = ? AND capability = ?').get(app, accountId ?? '', capability) as GrantRow | undefined;
    const stored = row ? toStored(row) : null;
    const mode = stored?.mode ?? defaultMode(capability);
    const scope = stored?.scope ?? EMPTY_SCOPE;
    const predicates = stored?.predicates ?? [];
    const expiresAt = stored?.expiresAt ?? null;
    return {
      id: accountId ? `${app}:${capability}:${accountId}` : `${app}:${capability}`,
      app,
      capability,
      risk: CAPABILITIES[capability].risk,
      mode,
      isDefault: row === undefined,
      accountId,
      scope,
      predicates,
      expiresAt,
      words: grantWords({ capability, mode, where: this.whereLabel(app, accountId), scope, predicates, expiresAt, rootWords: this.rootWords() }, this.clock.now()),
    };
  }

  /** "alice@example.com", or "every Mail (IMAP) account". */
  whereLabel(app: AppId, accountId: string | null): string {
    if (accountId === null) return `every ${APPS[app].label} account`;
    const row = this.db.prepare('SELECT email FROM accounts WHERE id = ?').get(accountId) as { email: string } | undefined;
    return row?.email || `account ${accountId}`;
  }
}

function toStored(row: GrantRow): StoredGrant {
  return {
    app: row.app,
    accountId: row.account_id === '' ? null : row.account_id,
    capability: row.capability,
    mode: row.mode,
    scope: normaliseScope(JSON.parse(row.scope_json) as Partial<GrantScope>),
    predicates: JSON.parse(row.predicates_json) as GrantPredicate[],
    expiresAt: row.expires_at,
  };
}

function normaliseScope(scope: Partial<GrantScope>): GrantScope {
  const clean = (list: readonly string[] | undefined) => [...new Set((list ?? []).map((s) => s.trim()).filter((s) => s !== ''))];
  return { folders: clean(scope.folders), calendars: clean(scope.calendars), pathRoots: clean(scope.pathRoots) };
}

/**
 * A grant change in plain words for the ledger: "You allowed Archive messages in
 * alice@example.com without asking, only for what the newsletter detector flagged, until 9 Dec".
 */
export function describeGrantChange(before: Grant, after: Grant, where: string, now: Date): string {
  const label = CAPABILITIES[after.capability].label;
  const until = after.expiresAt ? `, until ${shortDate(after.expiresAt, now)}` : '';
  const words =
    after.mode === 'allow'
      ? `You allowed ${after.words}`
      : after.mode === 'deny'
        ? `You denied ${label} in ${where}${until}: Steward will never do it there`
        : `You set ${label} in ${where} to ask every time${until}`;
  return before.isDefault ? `${words}.` : `${words} (was: ${before.words}).`;
}
