import { useEffect, useRef, useState } from 'react';
import type { Account } from '@shared/domain/types';
import { Spinner } from '../../components/Spinner';
import { lastSyncWords } from '../../format/connection';
import { fullTime } from '../../format/time';
import { useSteward, useStewardActions } from '../../state';
import { ConnectionPill } from './ConnectionPill';
import { PasswordForm } from './PasswordForm';
import { accountDetails } from './account-details';
import { ADD_FORMS } from './add-forms';

/**
 * One mail account: who, where, how its connection is, its folders (kinds that have them),
 * Change password, and Remove (after a confirmation).
 */
export function AccountCard({ account }: { account: Account }) {
  const removal = useSteward((state) => state.removals[account.id]);
  const online = useSteward((state) => state.link.kind === 'open');
  const { removeAccount } = useStewardActions();
  const [confirming, setConfirming] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  const [signingIn, setSigningIn] = useState(false);
  const [editingFolders, setEditingFolders] = useState(false);
  const { SignInAgain, Folders } = ADD_FORMS[account.kind];
  const foldersButton = useRef<HTMLButtonElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  const passwordButton = useRef<HTMLButtonElement>(null);
  const confirmId = `remove-${account.id}`;
  // The button a closed panel hands focus back to. The buttons are not rendered while a panel is
  // open, so focus moves in an effect, after the commit that brings them back (a frame callback
  // can run before that commit on a busy machine, and then finds no button).
  const [returnFocusTo, setReturnFocusTo] = useState<'remove' | 'password' | 'folders' | null>(null);
  useEffect(() => {
    if (returnFocusTo === null) return;
    const target = { remove: removeButton, password: passwordButton, folders: foldersButton }[returnFocusTo].current;
    if (!target) return;
    target.focus();
    setReturnFocusTo(null);
  }, [returnFocusTo, confirming, changingPassword, signingIn, editingFolders]);

  const cancel = () => {
    setConfirming(false);
    setReturnFocusTo('remove');
  };

  const initial = (account.displayName || account.email).trim().charAt(0).toUpperCase();
  const { connection } = account;
  return (
    <li className="account-card">
      <div className="account-card__row">
        <span className="avatar" aria-hidden="true">
          {initial}
        </span>
        <div className="account-card__main">
          <p className="account-card__name">
            {account.displayName ? <span>{account.displayName}</span> : null}
            <span className={account.displayName ? 'account-card__email' : undefined}>{account.email}</span>
          </p>
          <p className="account-card__meta">{accountDetails(account)}</p>
          <p className="account-card__state">
            <ConnectionPill connection={connection} />
            <span title={connection.lastSyncAt ? fullTime(connection.lastSyncAt) : undefined}>{lastSyncWords(connection)}</span>
          </p>
          {connection.lastError ? <p className="account-card__error">{connection.lastError}</p> : null}
        </div>
        {confirming || changingPassword || signingIn || editingFolders ? null : (
          <div className="account-card__actions">
            {Folders ? (
              <button
                ref={foldersButton}
                type="button"
                className="button button--secondary button--small"
                disabled={!online}
                aria-label={`Choose the folders of ${account.email}`}
                onClick={() => setEditingFolders(true)}
              >
                Folders…
              </button>
            ) : null}
            {SignInAgain ? (
              <button
                ref={passwordButton}
                type="button"
                className={`button ${connection.state === 'auth_failed' ? 'button--primary' : 'button--secondary'} button--small`}
                disabled={!online}
                aria-label={`Sign in to ${account.email} again`}
                onClick={() => setSigningIn(true)}
              >
                Sign in again…
              </button>
            ) : (
              <button
                ref={passwordButton}
                type="button"
                className={`button ${connection.state === 'auth_failed' ? 'button--primary' : 'button--secondary'} button--small`}
                disabled={!online}
                aria-label={`Change the password of ${account.email}`}
                onClick={() => setChangingPassword(true)}
              >
                Change password…
              </button>
            )}
            <button
              ref={removeButton}
              type="button"
              className="button button--danger-quiet button--small"
              disabled={!online}
              aria-label={`Remove ${account.email}`}
              onClick={() => setConfirming(true)}
            >
              Remove…
            </button>
          </div>
        )}
      </div>
      {changingPassword ? (
        <PasswordForm
          accountId={account.id}
          email={account.email}
          onDone={() => {
            setChangingPassword(false);
            setReturnFocusTo('password');
          }}
        />
      ) : null}
      {editingFolders && Folders ? (
        <Folders
          account={account}
          onDone={() => {
            setEditingFolders(false);
            setReturnFocusTo('folders');
          }}
        />
      ) : null}
      {signingIn && SignInAgain ? (
        <div className="account-card__renew">
          <SignInAgain
            account={account}
            onDone={() => {
              setSigningIn(false);
              setReturnFocusTo('password');
            }}
          />
        </div>
      ) : null}
      {confirming ? (
        <div className="confirm" role="group" aria-labelledby={confirmId}>
          <p id={confirmId} className="confirm__text">
            <strong>Remove {account.email}?</strong> Steward stops watching it, forgets its {SignInAgain ? 'sign-in (and withdraws it at the provider)' : 'password'} and drops its
            open suggestions. Your mail on the server is not touched.
          </p>
          {removal?.error ? (
            <p className="confirm__error" role="alert">
              {removal.error}
            </p>
          ) : null}
          <div className="confirm__actions">
            <button type="button" className="button button--secondary button--small" autoFocus onClick={cancel}>
              Cancel
            </button>
            <button
              type="button"
              className="button button--danger button--small"
              disabled={removal?.busy || !online}
              onClick={() => void removeAccount(account.id)}
            >
              {removal?.busy ? (
                <>
                  <Spinner size={12} /> Removing…
                </>
              ) : (
                'Remove account'
              )}
            </button>
          </div>
        </div>
      ) : null}
    </li>
  );
}
