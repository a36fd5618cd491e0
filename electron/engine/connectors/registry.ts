/**
 * Every kind of source Steward can connect. A new connector is a folder beside imap/ that
 * exports one definition, and one line here.
 */
import { ApiError } from '@shared/api/errors.js';
import type { AppId, CapabilityId } from '@shared/domain/capabilities.js';
import type { OAuthRefresher } from '../credentials/credential-provider.js';
import { caldavConnector } from './caldav/index.js';
import { foldersConnector } from './folders/index.js';
import { gcalConnector } from './gcal/index.js';
import { gmailConnector } from './gmail/index.js';
import { imapConnector } from './imap/index.js';
import type { ConnectorDefinition, Executor } from './types.js';

const CONNECTORS: { readonly [K in AppId]: ConnectorDefinition<K> } = {
  imap: imapConnector,
  gmail: gmailConnector,
  gcal: gcalConnector,
  caldav: caldavConnector,
  folders: foldersConnector,
};

/**
 * The definition for a kind, seen as serving any kind. Safe because every caller hands a
 * definition only inputs and accounts of the definition's own kind (it looked it up by that
 * kind); TypeScript cannot follow that link through the lookup.
 */
function generic<K extends AppId>(connector: ConnectorDefinition<K>): ConnectorDefinition {
  return connector as unknown as ConnectorDefinition;
}

export function connectorFor(kind: AppId): ConnectorDefinition {
  const connector = CONNECTORS[kind] as ConnectorDefinition<typeof kind> | undefined;
  if (!connector) throw new ApiError('invalid_input', `Steward has no connector for "${String(kind)}".`);
  return generic(connector);
}

export function allConnectors(): readonly ConnectorDefinition[] {
  return (Object.values(CONNECTORS) as ConnectorDefinition<AppId>[]).map(generic);
}

/** The executor of one capability on one kind of source: Gmail's archive is not IMAP's. */
export function executorFor(kind: AppId, capability: CapabilityId): Executor | undefined {
  return connectorFor(kind).executors.find((executor) => executor.capability === capability);
}

/** The refreshers of every OAuth provider some connector signs in with, by provider ('google'). */
export function oauthRefreshers(): Readonly<Record<string, OAuthRefresher>> {
  return Object.fromEntries(allConnectors().flatMap((connector) => (connector.signIn ? [[connector.signIn.provider, connector.signIn.refresher]] : [])));
}
