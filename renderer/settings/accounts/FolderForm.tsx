import { useEffect, useId, useState, type FormEvent } from 'react';
import type { AccountFolder } from '@shared/domain/types';
import { FormField, describedBy } from '../../components/FormField';
import { Spinner } from '../../components/Spinner';
import { errorMessage, useStewardActions } from '../../state';

type ChoosableRole = 'sent' | 'drafts' | 'archive' | 'trash' | 'junk';
const ROLES: readonly { role: ChoosableRole; label: string }[] = [
  { role: 'sent', label: 'Sent' },
  { role: 'drafts', label: 'Drafts' },
  { role: 'archive', label: 'Archive' },
  { role: 'trash', label: 'Trash' },
  { role: 'junk', label: 'Junk' },
];

export interface FolderSettings {
  readonly archiveMailbox: string | null;
  readonly folders?: Partial<Record<Exclude<ChoosableRole, 'archive'>, string>>;
  readonly historyDays?: number;
}

/**
 * Which folder is Sent, Drafts, Archive, Trash and Junk. A role the server marks (special-use)
 * is shown as such; where it marks none, the user picks the folder. Also how far back the first
 * sync of a folder reads.
 */
export function FolderForm({ accountId, email, settings, onDone }: { accountId: string; email: string; settings: FolderSettings; onDone: () => void }) {
  const { listAccountFolders, updateAccountSettings } = useStewardActions();
  const id = useId();
  const [folders, setFolders] = useState<AccountFolder[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Record<ChoosableRole, string>>({
    sent: settings.folders?.sent ?? '',
    drafts: settings.folders?.drafts ?? '',
    archive: settings.archiveMailbox ?? '',
    trash: settings.folders?.trash ?? '',
    junk: settings.folders?.junk ?? '',
  });
  const [days, setDays] = useState(String(settings.historyDays ?? 0));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    listAccountFolders(accountId).then(
      (list) => live && setFolders(list),
      (failure: unknown) => live && setLoadError(errorMessage(failure)),
    );
    return () => {
      live = false;
    };
  }, [accountId, listAccountFolders]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const historyDays = Number(days);
    if (!/^\d+$/.test(days.trim()) || historyDays > 36_500) {
      setError('Enter a whole number of days, or 0 for the whole history.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { archive, ...others } = chosen;
      await updateAccountSettings(accountId, { archiveMailbox: archive || null, folders: others, historyDays });
      onDone();
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  const serverMarked = (role: ChoosableRole) => folders?.find((folder) => folder.role === role && folder.source === 'server');
  return (
    <form className="confirm confirm--neutral folder-form" aria-label={`Folders of ${email}`} noValidate onSubmit={(event) => void submit(event)}>
      {folders === null && !loadError ? (
        <p className="folder-form__loading">
          <Spinner size={12} /> Asking the server for its folders…
        </p>
      ) : null}
      {loadError ? (
        <p className="confirm__error" role="alert">
          {loadError}
        </p>
      ) : null}
      {folders ? (
        <fieldset className="form-section folder-form__roles">
          <legend className="form-section__title">What each folder is for</legend>
          {ROLES.map(({ role, label }) => {
            const marked = serverMarked(role);
            const fieldId = `${id}-${role}`;
            return (
              <FormField
                key={role}
                id={fieldId}
                label={label}
                hint={marked && !chosen[role] ? `The server marks ${marked.path} as ${label}.` : role === 'trash' || role === 'junk' ? 'Only new mail here is read.' : undefined}
              >
                <select
                  id={fieldId}
                  className="input"
                  value={chosen[role]}
                  aria-describedby={describedBy(fieldId)}
                  onChange={(event) => setChosen({ ...chosen, [role]: event.target.value })}
                >
                  <option value="">{marked ? `As the server marks it (${marked.path})` : folders.find((f) => f.role === role)?.path ? `By its name (${folders.find((f) => f.role === role)?.path})` : 'None'}</option>
                  {folders
                    .filter((folder) => folder.role !== 'inbox')
                    .map((folder) => (
                      <option key={folder.path} value={folder.path}>
                        {folder.path}
                      </option>
                    ))}
                </select>
              </FormField>
            );
          })}
        </fieldset>
      ) : null}
      <FormField id={`${id}-days`} label="History to read (days)" error={error} hint="0 reads everything. Applies to folders Steward has not read yet.">
        <input
          id={`${id}-days`}
          className="input input--narrow"
          inputMode="numeric"
          value={days}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(`${id}-days`)}
          onChange={(event) => setDays(event.target.value)}
        />
      </FormField>
      <div className="confirm__actions">
        <button type="button" className="button button--secondary button--small" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button button--primary button--small" disabled={busy}>
          {busy ? (
            <>
              <Spinner size={12} /> Saving…
            </>
          ) : (
            'Save folders'
          )}
        </button>
      </div>
    </form>
  );
}
