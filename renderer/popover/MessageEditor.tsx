import { useId, useState, type FormEvent } from 'react';
import { Spinner } from '../components/Spinner';
import { errorMessage } from '../state';

interface MessageEditorProps {
  readonly initialBody: string;
  readonly to: string;
  readonly onSave: (body: string) => Promise<void>;
  readonly onCancel: () => void;
}

/** The text of a reply, editable before it is saved or sent; saving makes a new revision. */
export function MessageEditor({ initialBody, to, onSave, onCancel }: MessageEditorProps) {
  const id = useId();
  const [body, setBody] = useState(initialBody);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      await onSave(body);
    } catch (failure) {
      setError(errorMessage(failure));
      setSaving(false);
    }
  };

  return (
    <form className="message-editor" onSubmit={(event) => void submit(event)} aria-label="Edit the message">
      <label className="message-editor__label" htmlFor={`${id}-body`}>
        Message to {to}
      </label>
      <textarea
        id={`${id}-body`}
        className="message-editor__text"
        value={body}
        rows={9}
        disabled={saving}
        // The editor opens because the user asked to write: put the cursor in it.
        autoFocus
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={(event) => {
          // Keys inside the text are for the text, not for the card's shortcuts.
          event.stopPropagation();
          if (event.key === 'Escape') onCancel();
        }}
      />
      {error ? (
        <p className="message-editor__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="message-editor__actions">
        <button type="submit" className="button button--primary button--small" disabled={saving || body === initialBody}>
          {saving ? (
            <>
              <Spinner size={12} /> Saving…
            </>
          ) : (
            'Save changes'
          )}
        </button>
        <button type="button" className="button button--ghost button--small" disabled={saving} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
