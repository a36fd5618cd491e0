import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { CAPABILITIES, type CapabilityId } from '@shared/domain/capabilities';
import type { GrantConditions } from '../../state';
import { folderList, GrantConditionFields } from './GrantConditionFields';

interface ConditionsDialogProps {
  readonly capability: CapabilityId;
  /** "every Mail (IMAP) account" or an address. */
  readonly where: string;
  /** The engine's refusal of the last try, shown in the dialog. */
  readonly error: string | null;
  readonly busy: boolean;
  readonly onConfirm: (conditions: GrantConditions) => void;
  readonly onCancel: () => void;
}

/**
 * The second confirmation for allowing a destructive capability without asking. It always names
 * where or what (the engine refuses an Allow for everything), and says plainly what it means.
 * A native modal dialog: focus moves into it, Escape cancels, Tab stays inside.
 */
export function ConditionsDialog({ capability, where, error, busy, onConfirm, onCancel }: ConditionsDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const base = useId();
  const [folders, setFolders] = useState('INBOX');
  const [detector, setDetector] = useState('newsletters');
  const label = CAPABILITIES[capability].label;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const predicates = detector ? [{ kind: 'detector' as const, detector }] : [];
    onConfirm({ scope: { folders: folderList(folders), calendars: [], pathRoots: [] }, predicates, confirm: true });
  };

  return (
    <dialog ref={ref} className="confirm-dialog" aria-labelledby={`${base}-title`} aria-describedby={`${base}-what`} onCancel={onCancel}>
      <form noValidate onSubmit={submit}>
        <h2 id={`${base}-title`} className="confirm-dialog__title">
          Allow “{label}” without asking?
        </h2>
        <p id={`${base}-what`}>
          {label} in {where} is destructive: it is hard to take back. Steward will do it on its own only where and for what you
          name here; everything else still asks.
        </p>
        <GrantConditionFields base={base} folders={folders} onFolders={setFolders} detector={detector} onDetector={setDetector} folderHint="Separate folders with commas, e.g. INBOX, Newsletters." />
        {error ? (
          <p className="field__error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="confirm-dialog__buttons">
          <button type="button" className="button button--secondary" onClick={onCancel}>
            Keep asking
          </button>
          <button type="submit" className="button button--danger" disabled={busy}>
            Allow without asking
          </button>
        </div>
      </form>
    </dialog>
  );
}
