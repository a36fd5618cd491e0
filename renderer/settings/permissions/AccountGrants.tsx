import { useId, useState, type FormEvent } from 'react';
import { APPS, CAPABILITIES, type CapabilityId } from '@shared/domain/capabilities';
import type { Grant, GrantMode } from '@shared/domain/types';
import { FormField, describedBy } from '../../components/FormField';
import { grantKey, useSteward, useStewardActions } from '../../state';
import { errorMessage } from '../../state/error-message';
import { folderList, GrantConditionFields } from './GrantConditionFields';

/**
 * Permissions for one connected account, over the app's: what applies there, where, for what
 * and until when. A destructive Allow needs the second confirmation here too (the engine checks).
 */
export function AccountGrants({ grants }: { grants: readonly Grant[] }) {
  const own = grants.filter((g) => g.accountId !== null);
  const changes = useSteward((state) => state.grantChanges);
  const { clearAccountGrant } = useStewardActions();
  const titleId = useId();
  return (
    <section className="section panel panel--flush" aria-labelledby={titleId}>
      <h2 id={titleId} className="section__title section__title--inset">
        For one account
      </h2>
      {own.length === 0 ? (
        <p className="section__inset muted">
          No account has permissions of its own: each follows its app above. Add one below to let Steward act in one account only, only in some
          folders, only for what a detector flagged, or until a date.
        </p>
      ) : (
        <ul className="account-grants" aria-label="Permissions for one account">
          {own.map((grant) => {
            const change = changes[grantKey(grant.app, grant.capability, grant.accountId)];
            return (
              <li key={grant.id} className="account-grant">
                <p className="account-grant__words">
                  {grant.words}
                  {change?.error ? (
                    <span className="field__error" role="alert">
                      {' '}
                      {change.error}
                    </span>
                  ) : null}
                </p>
                <button
                  type="button"
                  className="button button--danger-quiet button--small"
                  disabled={change?.busy === true}
                  aria-label={`Remove: ${grant.words}`}
                  onClick={() => grant.accountId && void clearAccountGrant(grant.accountId, grant.app, grant.capability)}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <AddAccountGrant />
    </section>
  );
}

function AddAccountGrant() {
  const base = useId();
  const accounts = (useSteward((state) => state.accounts.data) ?? []).filter((a) => a.kind === 'imap' || a.kind === 'gmail');
  const { setAccountGrant } = useStewardActions();
  const [accountId, setAccountId] = useState('');
  const [capability, setCapability] = useState<CapabilityId>('email.archive');
  const [mode, setMode] = useState<GrantMode>('allow');
  const [folders, setFolders] = useState('');
  const [detector, setDetector] = useState('');
  const [ownDomain, setOwnDomain] = useState(false);
  const [until, setUntil] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const account = accounts.find((a) => a.id === accountId) ?? accounts[0];
  if (!account) return <p className="section__inset muted">Connect an account (Settings → Accounts) to give it permissions of its own.</p>;
  const app = APPS[account.kind];
  const destructive = mode === 'allow' && CAPABILITIES[capability].risk === 'destructive';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await setAccountGrant(account.id, app.id, capability, mode, {
        scope: { folders: folderList(folders), calendars: [], pathRoots: [] },
        predicates: [...(detector ? [{ kind: 'detector' as const, detector }] : []), ...(ownDomain ? [{ kind: 'own-domain' as const }] : [])],
        expiresAt: until ? new Date(`${until}T23:59:59Z`).toISOString() : null,
        confirm: destructive && confirmed,
      });
      setFolders('');
      setDetector('');
      setOwnDomain(false);
      setUntil('');
      setConfirmed(false);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="section__inset account-grant-form" aria-label="Add a permission for one account" noValidate onSubmit={(event) => void submit(event)}>
      <div className="account-grant-form__row">
        <FormField id={`${base}-account`} label="Account">
          <select id={`${base}-account`} className="input" value={account.id} onChange={(event) => setAccountId(event.target.value)}>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.email}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id={`${base}-capability`} label="Capability">
          <select id={`${base}-capability`} className="input" value={capability} onChange={(event) => setCapability(event.target.value as CapabilityId)}>
            {app.capabilities.map((c) => (
              <option key={c} value={c}>
                {CAPABILITIES[c].label}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id={`${base}-mode`} label="Steward may">
          <select id={`${base}-mode`} className="input" value={mode} onChange={(event) => setMode(event.target.value as GrantMode)}>
            <option value="deny">Never (Deny)</option>
            <option value="ask">Ask every time</option>
            <option value="allow">Act without asking (Allow)</option>
          </select>
        </FormField>
      </div>
      {mode === 'allow' ? (
        <div className="account-grant-form__row">
          <GrantConditionFields base={base} folders={folders} onFolders={setFolders} detector={detector} onDetector={setDetector} folderHint="Commas between folders; empty: any." optional />
          <FormField id={`${base}-until`} label="Until" hint="Through the end of that day; empty: no end." optional>
            <input id={`${base}-until`} type="date" className="input" value={until} aria-describedby={describedBy(`${base}-until`)} onChange={(event) => setUntil(event.target.value)} />
          </FormField>
        </div>
      ) : null}
      {mode === 'allow' && CAPABILITIES[capability].risk === 'outward' ? (
        <label className="checkbox">
          <input type="checkbox" checked={ownDomain} onChange={(event) => setOwnDomain(event.target.checked)} /> Only to addresses in the account’s own domain
        </label>
      ) : null}
      {destructive ? (
        <label className="checkbox checkbox--danger">
          <input type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} /> Yes: {CAPABILITIES[capability].label} is hard to take
          back, and Steward may do it without asking where and for what I named.
        </label>
      ) : null}
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="setting-row">
        <button type="submit" className="button button--primary button--small" disabled={busy}>
          Add permission
        </button>
      </div>
    </form>
  );
}
