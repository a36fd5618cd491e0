import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { GrantedFolder } from '@shared/domain/folders';
import { desktopShell } from '../../api';
import { FormField, describedBy } from '../../components/FormField';
import { Icon } from '../../components/Icon';
import { PageHeading } from '../../components/PageHeading';
import { useFolders } from '../../state/folders';

/** Settings → Folders: the folders Steward may look at, how watching each stands, and adding one. */
export function FoldersPage() {
  const folders = useFolders((state) => state.folders);
  const { refresh } = useFolders((state) => state.actions);
  useEffect(() => {
    void refresh('folders');
  }, [refresh]);
  return (
    <>
      <PageHeading title="Folders">
        The folders Steward may look at to know what you are working on and to tidy up Downloads. Nothing outside them is ever read, whatever links inside point to, and nothing in them changes without your yes.
      </PageHeading>
      <AddFolder />
      {folders.error ? <p className="notice notice--attention">Could not load the folders: {folders.error}</p> : null}
      {folders.data?.length === 0 ? <p className="notice">No folders yet. Add your Downloads folder to get tidy-up suggestions, and your projects folder to see what you are working on.</p> : null}
      {folders.data && folders.data.length > 0 ? (
        <ul className="folder-list" aria-label="Granted folders">
          {folders.data.map((folder) => (
            <FolderRow key={folder.id} folder={folder} />
          ))}
        </ul>
      ) : null}
    </>
  );
}

function AddFolder() {
  const pathId = useId();
  const nameId = useId();
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const saving = useFolders((state) => state.saving.add);
  const { add } = useFolders((state) => state.actions);
  const nameField = useRef<HTMLInputElement>(null);
  // The desktop app's shell offers the system picker; a browser page can only be told a path.
  const shell = desktopShell();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await add(path.trim(), name.trim() || undefined)) {
      setPath('');
      setName('');
    }
  };
  const choose = async () => {
    const chosen = await shell?.chooseFolder();
    if (!chosen) return;
    setPath(chosen);
    // Next: a name, if the user wants one, then Add folder (Enter).
    nameField.current?.focus();
  };
  const hint = shell
    ? 'Choose it, or type its full path, for example /home/you/Downloads. Steward checks it is a folder of yours before it looks inside.'
    : 'The folder’s full path, for example /home/you/Downloads. Steward checks it is a folder of yours before it looks inside.';
  return (
    <form className="section panel folder-add" aria-label="Add a folder" noValidate onSubmit={(event) => void submit(event)}>
      <FormField id={pathId} label="Folder" error={saving?.error ?? null} hint={hint}>
        <div className="setting-row">
          <input
            id={pathId}
            className="input"
            value={path}
            placeholder="/home/you/Downloads"
            spellCheck={false}
            autoComplete="off"
            aria-invalid={saving?.error ? true : undefined}
            aria-describedby={describedBy(pathId)}
            onChange={(event) => setPath(event.target.value)}
          />
          {shell ? (
            <button type="button" className="button button--secondary button--small" onClick={() => void choose()}>
              <Icon name="folder" size={14} /> Choose…
            </button>
          ) : null}
        </div>
      </FormField>
      <FormField id={nameId} label="Name" optional hint="What to call it in suggestions; its own name when empty.">
        <div className="setting-row">
          <input id={nameId} ref={nameField} className="input" value={name} aria-describedby={describedBy(nameId)} onChange={(event) => setName(event.target.value)} />
          <button type="submit" className="button button--primary button--small" disabled={saving?.busy === true || path.trim() === ''}>
            <Icon name="plus" size={14} /> Add folder
          </button>
        </div>
      </FormField>
    </form>
  );
}

const PROBLEM_WORDS: Readonly<Record<NonNullable<GrantedFolder['problem']>, string>> = {
  renamed: 'Renamed',
  unmounted: 'Unmounted',
  deleted: 'Deleted',
  'permission-denied': 'Permission denied',
  replaced: 'Replaced',
  'not-a-folder': 'Not a folder',
  unreadable: 'Cannot be read',
};

const STATE_WORDS: Readonly<Record<GrantedFolder['state'], string>> = {
  'not-watched': 'Not watched now',
  starting: 'Starting',
  scanning: 'Scanning',
  watching: 'Watching',
  polling: 'Looking now and then',
  unavailable: 'Unavailable',
  stopped: 'Stopped',
};

function FolderRow({ folder }: { folder: GrantedFolder }) {
  const saving = useFolders((state) => state.saving[folder.id]);
  const { remove } = useFolders((state) => state.actions);
  const badge = folder.problem ? PROBLEM_WORDS[folder.problem] : STATE_WORDS[folder.state];
  const tone = folder.problem ? 'attention' : folder.state === 'watching' ? 'ok' : 'neutral';
  return (
    <li className="folder panel" aria-label={folder.name}>
      <div className="folder__row">
        <Icon name="folder" size={18} />
        <div className="folder__main">
          <p className="folder__name">
            {folder.name} <span className={`folder__badge folder__badge--${tone}`}>{badge}</span>
          </p>
          <p className="folder__path">{folder.path}</p>
          <p className="folder__status" role="status">
            {folder.message}
            {folder.scan.lastScanAt ? ` Last looked through ${new Date(folder.scan.lastScanAt).toLocaleString()}.` : ''}
          </p>
          {saving?.error ? <p className="field__error">{saving.error}</p> : null}
        </div>
        <button type="button" className="button button--danger-quiet button--small" disabled={saving?.busy === true} aria-label={`Remove ${folder.name}`} onClick={() => void remove(folder.id)}>
          Remove
        </button>
      </div>
    </li>
  );
}
