import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import type { AccountInput } from '@shared/connectors/index';
import type { Account } from '@shared/domain/types';
import { describedBy } from '../../components/FormField';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { errorMessage, useSteward, useStewardActions } from '../../state';

/**
 * What every password-based "add an account" form shares (IMAP, CalDAV): the draft, which fields
 * show their errors (after a blur or a submit), the connection test, the add, and the buttons.
 * Each form keeps only its own fields and its own parse of the draft into the schema's input.
 */

export type Check =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly what: 'test' | 'add' }
  | { readonly kind: 'tested'; readonly ok: boolean; readonly message: string }
  | { readonly kind: 'failed'; readonly what: 'test' | 'add'; readonly message: string };

/** The keys of a draft whose values are plain strings (the fields text() can bind). */
type StringKeysOf<Draft> = { [K in keyof Draft]: Draft[K] extends string ? K : never }[keyof Draft] & string;

export interface ParsedDraft<Field extends string, Input> {
  readonly input: Input | null;
  readonly errors: Partial<Record<Field, string>>;
}

interface AccountFormOptions<Draft, Field extends string, Input> {
  readonly empty: Draft;
  /** The fields in the order they appear: a failed submit focuses the first one in error. */
  readonly fieldOrder: readonly Field[];
  readonly parse: (draft: Draft) => ParsedDraft<Field, Input>;
  readonly onAdded: (account: Account) => void;
}

export function useAccountForm<Draft, Field extends string, Input extends AccountInput>(options: AccountFormOptions<Draft, Field, Input>) {
  const { empty, fieldOrder, parse, onAdded } = options;
  const id = useId();
  const online = useSteward((state) => state.link.kind === 'open');
  const actions = useStewardActions();
  const [draft, setDraft] = useState<Draft>(empty);
  const [touched, setTouched] = useState<ReadonlySet<Field>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [check, setCheck] = useState<Check>({ kind: 'idle' });

  const parsed = parse(draft);
  const errorFor = (name: Field) => (submitted || touched.has(name) ? (parsed.errors[name] ?? null) : null);
  const busy = check.kind === 'running';

  const update = (patch: Partial<Draft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    // A result describes the settings it was made with; any change makes it stale.
    if (check.kind === 'tested' || check.kind === 'failed') setCheck({ kind: 'idle' });
  };

  const run = async (what: 'test' | 'add') => {
    setSubmitted(true);
    if (!parsed.input) {
      const first = fieldOrder.find((name) => parsed.errors[name]);
      if (first) document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    setCheck({ kind: 'running', what });
    try {
      if (what === 'test') {
        const result = await actions.testAccount(parsed.input);
        setCheck({ kind: 'tested', ok: result.ok, message: result.message });
      } else {
        const account = await actions.addAccount(parsed.input);
        setDraft(empty);
        setTouched(new Set());
        setSubmitted(false);
        setCheck({ kind: 'idle' });
        onAdded(account);
      }
    } catch (error) {
      setCheck({ kind: 'failed', what, message: errorMessage(error) });
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run('add');
  };

  /** The props every input of the form carries: its id, error state and blur tracking. */
  const field = (name: Field) => ({
    id: `${id}-${name}`,
    name,
    'aria-invalid': errorFor(name) ? true : undefined,
    'aria-describedby': describedBy(`${id}-${name}`),
    onBlur: () => setTouched((current) => new Set(current).add(name)),
    disabled: busy,
  });

  /** field() plus the draft's value for a plain text field, and its change written back. */
  const text = (name: Field & StringKeysOf<Draft>) => ({
    ...field(name),
    value: draft[name] as string,
    onChange: (event: ChangeEvent<HTMLInputElement>) => update({ [name]: event.target.value } as unknown as Partial<Draft>),
  });

  return { id, online, draft, update, errorFor, field, text, busy, check, run, onSubmit };
}

/** Cancel, Test connection and the add button, with a spinner on the one running. */
export function AccountFormActions({
  check,
  online,
  addLabel,
  onCancel,
  onTest,
}: {
  check: Check;
  online: boolean;
  addLabel: string;
  onCancel?: () => void;
  onTest: () => void;
}) {
  const busy = check.kind === 'running';
  const running = (what: 'test' | 'add') => check.kind === 'running' && check.what === what;
  return (
    <>
      <CheckResult check={check} />
      <div className="form-actions">
        {onCancel ? (
          <button type="button" className="button button--ghost" disabled={busy} onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <span className="form-actions__spacer" />
        <button type="button" className="button button--secondary" disabled={busy || !online} onClick={onTest}>
          {running('test') ? (
            <>
              <Spinner size={12} /> Testing…
            </>
          ) : (
            'Test connection'
          )}
        </button>
        <button type="submit" className="button button--primary" disabled={busy || !online}>
          {running('add') ? (
            <>
              <Spinner size={12} /> Adding…
            </>
          ) : (
            addLabel
          )}
        </button>
      </div>
    </>
  );
}

export function CheckResult({ check }: { check: Check }) {
  // The live region is always present so that a result appearing in it is announced.
  return (
    <div className="check-result-region" role="status" aria-live="polite">
      {check.kind === 'tested' ? (
        <p className={check.ok ? 'check-result check-result--ok' : 'check-result check-result--attention'}>
          <Icon name={check.ok ? 'check-circle' : 'alert'} size={16} />
          <span>
            <strong>{check.ok ? 'Connection works. ' : 'Connection failed. '}</strong>
            {check.message}
          </span>
        </p>
      ) : null}
      {check.kind === 'failed' ? (
        <p className="check-result check-result--attention">
          <Icon name="alert" size={16} />
          <span>
            <strong>{check.what === 'test' ? 'Connection failed. ' : 'The account was not added. '}</strong>
            {check.message}
          </span>
        </p>
      ) : null}
    </div>
  );
}

/** The schema's messages are lower-case phrases ("the password is required"); fields show sentences. */
export function sentence(message: string): string {
  const trimmed = message.trim();
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
