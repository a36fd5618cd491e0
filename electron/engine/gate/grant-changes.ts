/**
 * A change to a grant and its ledger entry, in plain words, committed together: a crash never
 * leaves a permission changed without the record of who changed it.
 */
import type { Grant } from '@shared/domain/types.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { EventBus } from '../event-bus.js';
import type { Ledger } from '../ledger/ledger.js';
import { describeGrantChange, type GrantChange, type GrantStore } from './grants.js';

export interface GrantChangeOutcome {
  readonly grant: Grant;
  /** False when the grant already said this (nothing was recorded). */
  readonly changed: boolean;
}

export class GrantChanges {
  constructor(
    private readonly db: Db,
    private readonly grants: GrantStore,
    private readonly ledger: Ledger,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  set(change: GrantChange, actor: string): GrantChangeOutcome {
    const outcome = this.db.transaction((): GrantChangeOutcome => {
      const before = this.grants.grant(change.app, change.accountId, change.capability);
      const grant = this.grants.put(change);
      if (grant.words === before.words) return { grant, changed: false };
      this.ledger.append({
        kind: 'grant.changed',
        actor,
        summary: describeGrantChange(before, grant, this.grants.whereLabel(grant.app, grant.accountId), this.clock.now()),
        capability: grant.capability,
        accountId: grant.accountId,
        detail: { app: grant.app, accountId: grant.accountId, from: before.mode, to: grant.mode, scope: grant.scope, predicates: grant.predicates, expiresAt: grant.expiresAt },
      });
      return { grant, changed: true };
    })();
    if (outcome.changed) this.events.emit({ type: 'grants.changed' });
    return outcome;
  }

  /** Removes an account's own grant; returns the app's grant, which applies there again. */
  clear(app: Grant['app'], accountId: string, capability: Grant['capability'], actor: string): GrantChangeOutcome {
    const outcome = this.db.transaction((): GrantChangeOutcome => {
      const before = this.grants.grant(app, accountId, capability);
      const removed = this.grants.clearAccount(app, accountId, capability);
      const applies = this.grants.grant(app, null, capability);
      if (removed) {
        this.ledger.append({
          kind: 'grant.changed',
          actor,
          summary: `You removed the grant “${before.words}”: ${applies.words} applies there again.`,
          capability,
          accountId,
          detail: { app, accountId, from: before.mode, to: null },
        });
      }
      return { grant: applies, changed: removed };
    })();
    if (outcome.changed) this.events.emit({ type: 'grants.changed' });
    return outcome;
  }
}
