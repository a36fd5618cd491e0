import { APPS, CAPABILITIES, type AppId, type CapabilityId } from '@shared/domain/capabilities.js';
import type { Grant, GrantMode } from '@shared/domain/types.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';

/** What applies until the user chooses: reading is allowed, everything else asks. */
export function defaultMode(capability: CapabilityId): GrantMode {
  return CAPABILITIES[capability].risk === 'read' ? 'allow' : 'ask';
}

export class GrantStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  modeFor(app: AppId, capability: CapabilityId): GrantMode {
    const row = this.db.prepare('SELECT mode FROM grants WHERE app = ? AND capability = ?').get(app, capability) as
      | { mode: GrantMode }
      | undefined;
    return row?.mode ?? defaultMode(capability);
  }

  set(app: AppId, capability: CapabilityId, mode: GrantMode): Grant {
    this.db
      .prepare(
        `INSERT INTO grants (app, capability, mode, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (app, capability) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at`,
      )
      .run(app, capability, mode, this.clock.now().toISOString());
    return this.grant(app, capability);
  }

  list(): Grant[] {
    return Object.values(APPS).flatMap((app) => app.capabilities.map((capability) => this.grant(app.id, capability)));
  }

  private grant(app: AppId, capability: CapabilityId): Grant {
    const row = this.db.prepare('SELECT mode FROM grants WHERE app = ? AND capability = ?').get(app, capability) as
      | { mode: GrantMode }
      | undefined;
    return {
      id: `${app}:${capability}`,
      app,
      capability,
      risk: CAPABILITIES[capability].risk,
      mode: row?.mode ?? defaultMode(capability),
      isDefault: row === undefined,
    };
  }
}
