import { APPS } from '@shared/domain/capabilities';
import { PageHeading } from '../../components/PageHeading';
import { useSteward } from '../../state';
import { AccountGrants } from './AccountGrants';
import { PermissionMatrix } from './PermissionMatrix';
import { SafetyBrake } from './SafetyBrake';

export function PermissionsPage() {
  const grants = useSteward((state) => state.grants);
  return (
    <>
      <PageHeading title="Permissions">
        What Steward may do on its own. <strong>Ask</strong> means it proposes and waits for your yes;{' '}
        <strong>Deny</strong> means it never does it; <strong>Allow</strong> means it may act without asking.
      </PageHeading>
      <p className="notice">
        Defaults: reading is allowed; everything else asks you first. Steward never deletes anything permanently, and
        whatever you choose here, every action is recorded in the ledger.
      </p>
      {grants.error ? <p className="notice notice--attention">Could not load permissions: {grants.error}</p> : null}
      {grants.data === null && !grants.error ? <p className="muted">Loading…</p> : null}
      {grants.data !== null
        ? Object.values(APPS).map((app) => <PermissionMatrix key={app.id} app={app} grants={grants.data ?? []} />)
        : null}
      {grants.data !== null ? <AccountGrants grants={grants.data} /> : null}
      <SafetyBrake />
    </>
  );
}
