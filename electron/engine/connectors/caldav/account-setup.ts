/**
 * Adding a CalDAV account: what is stored (the settings; the password goes to the secret store),
 * the connection test before anything is kept, and the endpoint a stored account logs in with.
 */
import { ApiError } from '@shared/api/errors.js';
import type { CaldavAccountInput, CaldavSettings } from '@shared/connectors/caldav.js';
import type { ConnectionTestResult } from '@shared/domain/types.js';
import type { StoredAccount } from '../../accounts/account-store.js';
import type { PreparedAccount } from '../types.js';
import type { CalDavEndpoint } from './caldav-session.js';
import { testCalDavConnection } from './test-connection.js';

type Input = CaldavAccountInput & { readonly kind: 'caldav' };

/** The address invitations reach the user at: the one given, else the user name when it is an address. */
function addressOf(input: Input): string {
  const address = input.email ?? (input.username.includes('@') ? input.username : null);
  if (!address) {
    throw new ApiError('invalid_input', `"${input.username}" is not an email address: give the address your invitations are sent to (--email you@example.com).`);
  }
  return address.toLowerCase();
}

export function prepareCaldavAccount(input: Input): PreparedAccount<'caldav'> {
  const email = addressOf(input);
  const settings: CaldavSettings = {
    url: input.url,
    username: input.username,
    homeUrl: null,
    serverSchedules: false,
    addresses: [email],
    smtp: input.smtp
      ? { host: input.smtp.host, port: input.smtp.port, security: input.smtp.security, username: input.smtp.username ?? input.username, ownPassword: input.smtp.password !== undefined }
      : null,
  };
  return {
    email,
    displayName: input.displayName ?? email,
    settings,
    password: input.password,
    ...(input.smtp?.password !== undefined ? { secrets: { 'smtp-password': input.smtp.password } } : {}),
  };
}

export async function testCaldavAccount(input: Input): Promise<ConnectionTestResult> {
  addressOf(input);
  const check = await testCalDavConnection({ serverUrl: input.url, username: input.username, password: input.password });
  return { ok: check.ok, message: check.message };
}

export async function testCaldavPassword(account: StoredAccount<'caldav'>, password: string): Promise<ConnectionTestResult> {
  const check = await testCalDavConnection(endpointOf(account, password));
  return { ok: check.ok, message: check.message };
}

export function endpointOf(account: StoredAccount<'caldav'>, password: string): CalDavEndpoint {
  return { serverUrl: account.settings.url, username: account.settings.username, password };
}
