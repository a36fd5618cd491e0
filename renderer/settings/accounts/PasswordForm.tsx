import { useId, useState, type FormEvent } from 'react';
import { FormField, describedBy } from '../../components/FormField';
import { Spinner } from '../../components/Spinner';
import { errorMessage, useStewardActions } from '../../state';

/**
 * Enter an account's password again (it changed, or the login was refused). The engine tests it
 * before keeping it, so a typo is caught here, not at the next sync.
 */
export function PasswordForm({ accountId, email, onDone }: { accountId: string; email: string; onDone: () => void }) {
  const { updateAccountPassword } = useStewardActions();
  const id = useId();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      setError('Enter the password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await updateAccountPassword(accountId, password);
      onDone();
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <form className="confirm confirm--neutral" aria-label={`Change the password of ${email}`} noValidate onSubmit={(event) => void submit(event)}>
      <FormField id={id} label="New password" error={error} hint="Tested with the server first, then kept in your system keychain.">
        <input
          id={id}
          className="input"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={password}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id)}
          onChange={(event) => setPassword(event.target.value)}
        />
      </FormField>
      <div className="confirm__actions">
        <button type="button" className="button button--secondary button--small" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button button--primary button--small" disabled={busy}>
          {busy ? (
            <>
              <Spinner size={12} /> Checking…
            </>
          ) : (
            'Save password'
          )}
        </button>
      </div>
    </form>
  );
}
