/**
 * Sign-ins under way, for every kind of account added by signing in (OAuth). Starting one opens
 * the connector's redirect listener and answers at once with the address for the browser; the
 * engine never opens a browser itself (it may be a headless host): the CLI prints and opens the
 * address, Settings opens it.
 *
 * The account is stored as soon as the browser comes back, whether or not anyone is waiting in
 * completeSignIn (Settings may have been closed meanwhile); completeSignIn only waits for that.
 * A sign-in nobody finishes times out in the connector and frees its listener.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '@shared/api/errors.js';
import { ACCOUNT_KINDS, type SignInInput } from '@shared/connectors/index.js';
import type { Account, SignInStart } from '@shared/domain/types.js';
import { connectorFor } from '../connectors/registry.js';
import type { PendingSignIn } from '../connectors/types.js';
import type { AccountService } from './account-service.js';

/** How long the outcome of a finished sign-in stays available to a completeSignIn that comes late. */
export const KEEP_FINISHED_MS = 5 * 60_000;

interface SignInEntry {
  readonly pending: Pick<PendingSignIn<SignInInput['kind']>, 'cancel'>;
  readonly outcome: Promise<Account>;
  settled: boolean;
}

export interface SignInServiceDeps {
  readonly accounts: Pick<AccountService, 'addSignedIn'>;
}

export class SignInService {
  private readonly entries = new Map<string, SignInEntry>();

  constructor(private readonly deps: SignInServiceDeps) {}

  async begin(input: SignInInput, actor: string): Promise<SignInStart> {
    const connector = connectorFor(input.kind);
    if (!connector.signIn) {
      throw new ApiError('invalid_input', `${ACCOUNT_KINDS[input.kind].label} accounts are added with a password, not by signing in: use addAccount.`);
    }
    const pending = await connector.signIn.begin(input, {});
    const signInId = randomUUID();
    const entry: SignInEntry = {
      pending,
      outcome: pending.result.then((signedIn) => this.deps.accounts.addSignedIn(input.kind, signedIn, actor)),
      settled: false,
    };
    // Nobody may ever ask (a sign-in abandoned); its failure is then only forgotten.
    entry.outcome.catch(() => undefined);
    void entry.outcome
      .catch(() => undefined)
      .finally(() => {
        entry.settled = true;
        setTimeout(() => this.entries.delete(signInId), KEEP_FINISHED_MS).unref();
      });
    this.entries.set(signInId, entry);
    return { signInId, url: pending.url, expiresAt: pending.expiresAt.toISOString() };
  }

  /** The account the sign-in added; the sign-in's failure in words otherwise. */
  complete(signInId: string): Promise<Account> {
    return this.require(signInId).outcome;
  }

  async cancel(signInId: string): Promise<{ signInId: string; cancelled: boolean }> {
    const entry = this.entries.get(signInId);
    if (!entry || entry.settled) return { signInId, cancelled: false };
    await entry.pending.cancel();
    return { signInId, cancelled: true };
  }

  /** Stops every sign-in under way (the engine is stopping). */
  async cancelAll(): Promise<void> {
    await Promise.all([...this.entries.values()].map((entry) => entry.pending.cancel()));
  }

  private require(signInId: string): SignInEntry {
    const entry = this.entries.get(signInId);
    if (!entry) {
      throw new ApiError('not_found', 'That sign-in is over (it finished, timed out or was cancelled some time ago). Start the sign-in again.');
    }
    return entry;
  }
}
