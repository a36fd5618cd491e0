import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Preference } from '@shared/domain/agent';
import { FormField, describedBy } from '../../components/FormField';
import { PageHeading } from '../../components/PageHeading';
import { useAgent } from '../../state/agent';

/** Settings → Memory: what Steward keeps in mind about your wishes, learned or written; editable, deletable. */
export function MemoryPage() {
  const preferences = useAgent((state) => state.preferences);
  const { refresh } = useAgent((state) => state.actions);
  useEffect(() => {
    void refresh('preferences');
  }, [refresh]);
  return (
    <>
      <PageHeading title="Memory">
        What Steward keeps in mind when it writes for you, learned from what you approve, edit and dismiss, or written by you. It is context for the model, never a permission: what Steward may do is set in Permissions.
      </PageHeading>
      <AddPreference />
      {preferences.error ? <p className="notice notice--attention">Could not load the preferences: {preferences.error}</p> : null}
      {preferences.data?.length === 0 ? <p className="notice">Nothing yet. Steward learns as you approve, edit and dismiss its suggestions.</p> : null}
      {preferences.data && preferences.data.length > 0 ? (
        <ul className="preference-list" aria-label="Preferences">
          {preferences.data.map((preference) => (
            <PreferenceRow key={preference.id} preference={preference} />
          ))}
        </ul>
      ) : null}
    </>
  );
}

function AddPreference() {
  const id = useId();
  const [text, setText] = useState('');
  const saving = useAgent((state) => state.saving.newPreference);
  const { addPreference } = useAgent((state) => state.actions);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await addPreference(text)) setText('');
  };
  return (
    <form className="section panel" aria-label="Add a preference" noValidate onSubmit={(event) => void submit(event)}>
      <FormField id={id} label="Something to keep in mind" error={saving?.error ?? null} hint="For example: “Sign replies with just A.” or “Never suggest archiving mail from my bank.”">
        <div className="setting-row">
          <input id={id} className="input" value={text} aria-describedby={describedBy(id)} onChange={(event) => setText(event.target.value)} />
          <button type="submit" className="button button--primary button--small" disabled={saving?.busy === true || text.trim() === ''}>
            Add
          </button>
        </div>
      </FormField>
    </form>
  );
}

function PreferenceRow({ preference }: { preference: Preference }) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(preference.text);
  const saving = useAgent((state) => state.saving[preference.id]);
  const { updatePreference, removePreference } = useAgent((state) => state.actions);
  const save = async () => {
    if (await updatePreference(preference.id, text)) setEditing(false);
  };
  return (
    <li className="preference panel">
      {editing ? (
        <FormField id={id} label="Preference" error={saving?.error ?? null}>
          <div className="setting-row">
            <input id={id} className="input" value={text} autoFocus aria-describedby={describedBy(id)} onChange={(event) => setText(event.target.value)} />
            <button type="button" className="button button--primary button--small" disabled={saving?.busy === true} onClick={() => void save()}>
              Save
            </button>
            <button type="button" className="button button--secondary button--small" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </FormField>
      ) : (
        <div className="preference__row">
          <div className="preference__main">
            <p className="preference__text">{preference.text}</p>
            <p className="preference__source">{preference.source === 'learned' ? `Learned: ${preference.evidence}` : 'Written by you'}</p>
            {saving?.error ? <p className="field__error">{saving.error}</p> : null}
          </div>
          <button type="button" className="button button--ghost button--small" onClick={() => setEditing(true)}>
            Edit
          </button>
          <button type="button" className="button button--danger-quiet button--small" disabled={saving?.busy === true} aria-label={`Delete: ${preference.text}`} onClick={() => void removePreference(preference.id)}>
            Delete
          </button>
        </div>
      )}
    </li>
  );
}
