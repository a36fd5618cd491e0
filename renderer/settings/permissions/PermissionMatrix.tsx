import { useState } from 'react';
import { CAPABILITIES, type AppInfo, type CapabilityId } from '@shared/domain/capabilities';
import type { Grant, GrantMode } from '@shared/domain/types';
import { RiskBadge } from '../../components/RiskBadge';
import { Spinner } from '../../components/Spinner';
import { grantKey, useSteward, useStewardActions } from '../../state';
import { ConditionsDialog } from './ConditionsDialog';
import { GrantModeControl } from './GrantModeControl';

/** One app's capabilities as rows: what it is, its risk class, and Deny / Ask / Allow. */
export function PermissionMatrix({ app, grants }: { app: AppInfo; grants: readonly Grant[] }) {
  const changes = useSteward((state) => state.grantChanges);
  const online = useSteward((state) => state.link.kind === 'open');
  const { setGrant } = useStewardActions();
  const titleId = `matrix-${app.id}`;
  // A destructive capability set to Allow waits for the second confirmation (and its conditions).
  const [confirming, setConfirming] = useState<CapabilityId | null>(null);
  const confirmingChange = confirming ? changes[grantKey(app.id, confirming)] : undefined;
  const choose = (capabilityId: CapabilityId, next: GrantMode) => {
    if (next === 'allow' && CAPABILITIES[capabilityId].risk === 'destructive') setConfirming(capabilityId);
    else void setGrant(app.id, capabilityId, next);
  };

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
            const grant = grants.find((g) => g.app === app.id && g.capability === capabilityId && g.accountId === null);
            const conditional = grant !== undefined && grant.mode === 'allow' && (grant.predicates.length > 0 || grant.expiresAt !== null || grant.scope.folders.length + grant.scope.calendars.length + grant.scope.pathRoots.length > 0);
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
                  {conditional ? <span className="matrix__conditions">{grant.words}</span> : null}
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
                      onChange={(next: GrantMode) => choose(capabilityId, next)}
                    />
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {confirming ? (
        <ConditionsDialog
          capability={confirming}
          where={`every ${app.label} account`}
          error={confirmingChange?.error ?? null}
          busy={confirmingChange?.busy === true}
          onCancel={() => setConfirming(null)}
          onConfirm={(conditions) => {
            void setGrant(app.id, confirming, 'allow', conditions).then((saved) => {
              if (saved) setConfirming(null);
            });
          }}
        />
      ) : null}
    </section>
  );
}

/** What the engine uses when the user has not chosen: read allow, everything else ask. */
function defaultMode(capability: CapabilityId): GrantMode {
  return CAPABILITIES[capability].risk === 'read' ? 'allow' : 'ask';
}
