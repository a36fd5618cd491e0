/**
 * The engine's whole schema: the core tables, then each item kind's and each connector's own,
 * then the agent's.
 */
import { actionMigrations } from './actions/migrations.js';
import { AGENT_SCHEMA } from './agent/run-migrations.js';
import { allConnectors } from './connectors/registry.js';
import { detectorMigrations } from './detectors/migrations.js';
import { MIGRATIONS, type MigrationModule, type Schema } from './db/migrations.js';
import { permissionMigrations } from './gate/permission-migrations.js';
import { itemKindMigrations } from './items/registry.js';
import { ledgerMigrations } from './ledger/migrations.js';

export function engineSchema(): Schema {
  const connectorModules = allConnectors().flatMap((connector): MigrationModule[] => (connector.migrations ? [connector.migrations] : []));
  // The agent's tables refer to items, so they come after the item kinds'.
  return { core: MIGRATIONS, modules: [permissionMigrations, actionMigrations, ledgerMigrations, detectorMigrations, ...itemKindMigrations(), ...connectorModules, AGENT_SCHEMA] };
}
