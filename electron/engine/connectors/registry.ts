/**
 * Every kind of source Steward can connect. A new connector is a folder beside imap/ that
 * exports one definition, and one line here.
 */
import { ApiError } from '@shared/api/errors.js';
import type { AppId, CapabilityId } from '@shared/domain/capabilities.js';
import { imapConnector } from './imap/index.js';
import type { ConnectorDefinition, Executor } from './types.js';

const CONNECTORS: { readonly [K in AppId]: ConnectorDefinition<K> } = {
  imap: imapConnector,
};

export function connectorFor(kind: AppId): ConnectorDefinition {
  const connector = CONNECTORS[kind];
  if (!connector) throw new ApiError('invalid_input', `Steward has no connector for "${String(kind)}".`);
  return connector;
}

export function allConnectors(): readonly ConnectorDefinition[] {
  return Object.values(CONNECTORS);
}

/** The executor of one capability on one kind of source: Gmail's archive is not IMAP's. */
export function executorFor(kind: AppId, capability: CapabilityId): Executor | undefined {
  return connectorFor(kind).executors.find((executor) => executor.capability === capability);
}
