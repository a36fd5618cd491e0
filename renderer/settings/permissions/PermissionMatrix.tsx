import { CAPABILITIES, type AppInfo, type CapabilityId } from '@shared/domain/capabilities';
import type { Grant, GrantMode } from '@shared/domain/types';
import { RiskBadge } from '../../components/RiskBadge';
import { Spinner } from '../../components/Spinner';
import { grantKey, useSteward, useStewardActions } from '../../state';
import { GrantModeControl } from './GrantModeControl';

/** One app's capabilities as rows: what it is, its risk class, and Deny / Ask / Allow. */
export function PermissionMatrix({ app, grants }: { app: AppInfo; grants: readonly Grant[] }) {
  const changes = useSteward((state) => state.grantChanges);
  const online = useSteward((state) => state.link.kind === 'open');
  const { setGrant } = useStewardActions();
  const titleId = `matrix-${app.id}`;

  return (
    <section className="section panel panel--flush" aria-labelledby={titleId}>
      <h2 id={titleId} className="section__title section__title--inset">
        {app.label}
      </h2>
      <table className="matrix">
        <thead>
          <tr>
            <th scope="col">Capability and risk</th>
            <th scope="col" className="matrix__mode">
              Steward may
            </th>
          </tr>
        </thead>
        <tbody>
          {app.capabilities.map((capabilityId) => {
            const capability = CAPABILITIES[capabilityId];
            const grant = grants.find((g) => g.app === app.id && g.capability === capabilityId);
            const mode = grant?.mode ?? defaultMode(capabilityId);
            const isDefault = grant?.isDefault ?? true;
            const change = changes[grantKey(app.id, capabilityId)];
            const unattended = mode === 'allow' && (capability.risk === 'outward' || capability.risk === 'destructive');
            return (
              <tr key={capabilityId}>
                <th scope="row" className="matrix__capability">
                  <span className="matrix__label">
                    {capability.label}
                    <RiskBadge risk={capability.risk} />
                    {isDefault ? <span className="matrix__default">Default</span> : null}
                  </span>
                  <span className="matrix__description">{capability.description}</span>
                  {unattended ? (
                    <span className="matrix__warning">Steward may do this without asking you first.</span>
                  ) : null}
                  {change?.error ? (
                    <span className="matrix__error" role="alert">
                      {change.error}
                    </span>
                  ) : null}
                </th>
                <td className="matrix__mode">
                  <div className="matrix__control">
                    <span className="matrix__busy" aria-hidden={!change?.busy}>
                      {change?.busy ? <Spinner size={12} /> : null}
                    </span>
                    <GrantModeControl
                      label={`${capability.label}: permission`}
                      mode={mode}
                      disabled={change?.busy || !online}
                      onChange={(next: GrantMode) => void setGrant(app.id, capabilityId, next)}
                    />
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** What the engine uses when the user has not chosen: read allow, everything else ask. */
function defaultMode(capability: CapabilityId): GrantMode {
  return CAPABILITIES[capability].risk === 'read' ? 'allow' : 'ask';
}
