/**
 * The engine's whole schema: the core tables, then each item kind's and each connector's own.
 */
import { actionMigrations } from './actions/migrations.js';
import { allConnectors } from './connectors/registry.js';
import { detectorMigrations } from './detectors/migrations.js';
import { MIGRATIONS, type MigrationModule, type Schema } from './db/migrations.js';
import { itemKindMigrations } from './items/registry.js';

export function engineSchema(): Schema {
  const connectorModules = allConnectors().flatMap((connector): MigrationModule[] => (connector.migrations ? [connector.migrations] : []));
  return { core: MIGRATIONS, modules: [actionMigrations, detectorMigrations, ...itemKindMigrations(), ...connectorModules] };
}
