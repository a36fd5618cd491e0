/**
 * Where watchers and executors get what proves who they are: a password, or an OAuth access
 * token refreshed before it expires. Secrets live only in the secret store (the OS keychain, or
 * the encrypted file on a headless host); nothing else keeps them, and no step's arguments carry
 * them.
 */
import { ApiError } from '@shared/api/errors.js';
import type { StoredAccount } from '../accounts/account-store.js';
import type { SecretStore } from '../secrets/secret-store.js';

/**
 * Secrets an account may keep besides its password and OAuth tokens, each under its own
 * keychain entry: an SMTP password that differs from the IMAP one.
 */
export type SecretName = 'smtp-password';
const SECRET_NAMES: readonly SecretName[] = ['smtp-password'];

export interface AccessTokenOptions {
  /** Get a new one even if the one in hand has not expired (the provider refused it). */
  readonly renew?: boolean;
}

export interface AccountCredentials {
  /** The account's password; an ApiError (auth_failed) in words when there is none. */
  password(): Promise<string>;
  /** One of the account's other secrets; an ApiError (auth_failed) in words when there is none. */
  secret(name: SecretName): Promise<string>;
  /** A live OAuth access token, refreshed (and the refresh kept) when it is about to expire. */
  accessToken(options?: AccessTokenOptions): Promise<string>;
}

/** OAuth tokens as kept in the secret store (JSON under the account's oauth key). */
export interface OAuthTokens {
  readonly provider: string;
  /** The OAuth client the grant was given to: every refresh names it. */
  readonly clientId: string;
  /**
   * Its secret, for providers that want one at refresh (Google's Desktop app clients do). Kept
   * here rather than in the account's settings so that it never reaches a client of the API.
   */
  readonly clientSecret: string | null;
  readonly refreshToken: string;
  readonly accessToken: string | null;
  /** Epoch milliseconds. */
  readonly expiresAt: number | null;
  readonly scopes: readonly string[];
}

/** Whose grant it is, for the words of an error. */
export interface OAuthAccount {
  readonly email: string;
}

/** Renews (and withdraws) OAuth grants of one provider (e.g. Google). */
export interface OAuthRefresher {
  /** New tokens from the refresh token; an ApiError in words when the provider refuses (auth_failed: sign in again). */
  refresh(tokens: OAuthTokens, account: OAuthAccount): Promise<OAuthTokens>;
  /** Withdraws the grant at the provider, so a copy of the tokens left anywhere is worthless. */
  revoke?(tokens: OAuthTokens, account: OAuthAccount): Promise<void>;
}

/** Refresh this long before expiry, so a token never dies in the middle of a request. */
const REFRESH_MARGIN_MS = 2 * 60_000;

export function passwordKey(accountId: string): string {
  return `account:${accountId}:password`;
}

export function oauthKey(accountId: string): string {
  return `account:${accountId}:oauth`;
}

export function secretKey(accountId: string, name: SecretName): string {
  return `account:${accountId}:${name}`;
}

export class CredentialProvider {
  /** One refresh per account at a time: parallel callers share it. */
  private readonly refreshing = new Map<string, Promise<string>>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly refreshers: Readonly<Record<string, OAuthRefresher>> = {},
    private readonly now: () => number = Date.now,
  ) {}

  forAccount(account: Pick<StoredAccount, 'id' | 'email'>): AccountCredentials {
    return {
      password: () => this.password(account),
      secret: (name) => this.secret(account, name),
      accessToken: (options) => this.accessToken(account, options?.renew ?? false),
    };
  }

  saveSecret(accountId: string, name: SecretName, value: string): Promise<void> {
    return this.secrets.set(secretKey(accountId, name), value);
  }

  savePassword(accountId: string, password: string): Promise<void> {
    return this.secrets.set(passwordKey(accountId), password);
  }

  saveOAuth(accountId: string, tokens: OAuthTokens): Promise<void> {
    return this.secrets.set(oauthKey(accountId), JSON.stringify(tokens));
  }

  async readOAuth(accountId: string): Promise<OAuthTokens | null> {
    const raw = await this.secrets.get(oauthKey(accountId));
    return raw === null ? null : (JSON.parse(raw) as OAuthTokens);
  }

  /**
   * Withdraws an account's OAuth grant at its provider (the account is being removed). Resolves
   * to null when done or when there is nothing to withdraw, or to what went wrong, in words.
   */
  async revokeOAuth(account: Pick<StoredAccount, 'id' | 'email'>): Promise<string | null> {
    const tokens = await this.readOAuth(account.id);
    return tokens ? this.revokeTokens(tokens, account) : null;
  }

  /** Withdraws a grant Steward holds only in hand (it could not be kept); null when done, else what went wrong. */
  async revokeTokens(tokens: OAuthTokens, account: OAuthAccount): Promise<string | null> {
    const refresher = this.refreshers[tokens.provider];
    if (!refresher?.revoke) return null;
    try {
      await refresher.revoke(tokens, account);
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  /** Forgets every secret of an account (it was removed). */
  async forget(accountId: string): Promise<void> {
    const keys = [passwordKey(accountId), oauthKey(accountId), ...SECRET_NAMES.map((name) => secretKey(accountId, name))];
    await Promise.all(keys.map((key) => this.secrets.delete(key).catch(() => undefined)));
  }

  private async password(account: Pick<StoredAccount, 'id' | 'email'>): Promise<string> {
    const password = await this.secrets.get(passwordKey(account.id));
    if (password === null) {
      throw new ApiError(
        'auth_failed',
        `There is no password for ${account.email} in the OS keychain. Enter it again: Settings → Accounts → Change password, or \`steward accounts password\`.`,
      );
    }
    return password;
  }

  private async secret(account: Pick<StoredAccount, 'id' | 'email'>, name: SecretName): Promise<string> {
    const value = await this.secrets.get(secretKey(account.id, name));
    if (value === null) {
      throw new ApiError(
        'auth_failed',
        `There is no ${name === 'smtp-password' ? 'SMTP password' : name} for ${account.email} in the OS keychain. Remove the account and add it again with its SMTP password.`,
      );
    }
    return value;
  }

  private accessToken(account: Pick<StoredAccount, 'id' | 'email'>, renew: boolean): Promise<string> {
    const running = this.refreshing.get(account.id);
    if (running) return running;
    const job = this.freshAccessToken(account, renew).finally(() => this.refreshing.delete(account.id));
    this.refreshing.set(account.id, job);
    return job;
  }

  private async freshAccessToken(account: Pick<StoredAccount, 'id' | 'email'>, renew: boolean): Promise<string> {
    const tokens = await this.readOAuth(account.id);
    if (!tokens) {
      throw new ApiError('auth_failed', `Steward is not signed in to ${account.email}. Sign in again: Settings → Accounts.`);
    }
    const fresh = tokens.accessToken && tokens.expiresAt !== null && tokens.expiresAt - REFRESH_MARGIN_MS > this.now();
    if (fresh && !renew && tokens.accessToken) return tokens.accessToken;
    const refresher = this.refreshers[tokens.provider];
    if (!refresher) throw new ApiError('internal', `Steward cannot refresh ${tokens.provider} sign-ins.`);
    const refreshed = await refresher.refresh(tokens, account);
    await this.saveOAuth(account.id, refreshed);
    if (!refreshed.accessToken) throw new ApiError('auth_failed', `The sign-in to ${account.email} could not be renewed. Sign in again: Settings → Accounts.`);
    return refreshed.accessToken;
  }
}
