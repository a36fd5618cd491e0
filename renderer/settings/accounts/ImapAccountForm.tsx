import { useId, useState, type FormEvent } from 'react';
import { imapAccountInput, type ImapAccountInput } from '@shared/connectors/index';
import type { Account } from '@shared/domain/types';
import { describedBy, FormField } from '../../components/FormField';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { ToggleSwitch } from '../../components/ToggleSwitch';
import { errorMessage, useSteward, useStewardActions } from '../../state';

type FieldName = 'email' | 'displayName' | 'host' | 'port' | 'username' | 'password' | 'archiveMailbox';

interface Draft {
  readonly email: string;
  readonly displayName: string;
  readonly host: string;
  readonly port: string;
  readonly tls: boolean;
  /** Null while the user name follows the email address. */
  readonly username: string | null;
  readonly password: string;
  readonly archiveMailbox: string;
}

const DEFAULT_PORT = { tls: '993', plain: '143' } as const;

const EMPTY: Draft = {
  email: '',
  displayName: '',
  host: '',
  port: DEFAULT_PORT.tls,
  tls: true,
  username: null,
  password: '',
  archiveMailbox: '',
};

type Check =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly what: 'test' | 'add' }
  | { readonly kind: 'tested'; readonly ok: boolean; readonly message: string }
  | { readonly kind: 'failed'; readonly what: 'test' | 'add'; readonly message: string };

/**
 * Adds an IMAP account. The engine validates again (it trusts no client), but checking here
 * puts each problem next to its field before anything is sent. The password goes to the
 * engine once and is never shown again.
 */
export function ImapAccountForm({ onAdded, onCancel }: { onAdded: (account: Account) => void; onCancel?: () => void }) {
  const id = useId();
  const online = useSteward((state) => state.link.kind === 'open');
  const actions = useStewardActions();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [touched, setTouched] = useState<ReadonlySet<FieldName>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [check, setCheck] = useState<Check>({ kind: 'idle' });

  const parsed = parseDraft(draft);
  const errorFor = (field: FieldName) => (submitted || touched.has(field) ? (parsed.errors[field] ?? null) : null);
  const busy = check.kind === 'running';

  const update = (patch: Partial<Draft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    // A result describes the settings it was made with; any change makes it stale.
    if (check.kind === 'tested' || check.kind === 'failed') setCheck({ kind: 'idle' });
  };
  const touch = (field: FieldName) => () => setTouched((current) => new Set(current).add(field));

  const setTls = (tls: boolean) => {
    const usingDefault = draft.port === '' || draft.port === DEFAULT_PORT.tls || draft.port === DEFAULT_PORT.plain;
    update({ tls, ...(usingDefault ? { port: tls ? DEFAULT_PORT.tls : DEFAULT_PORT.plain } : {}) });
  };

  const run = async (what: 'test' | 'add') => {
    setSubmitted(true);
    if (!parsed.input) {
      focusFirstInvalid(id, parsed.errors);
      return;
    }
    setCheck({ kind: 'running', what });
    try {
      if (what === 'test') {
        const result = await actions.testAccount(parsed.input);
        setCheck({ kind: 'tested', ok: result.ok, message: result.message });
      } else {
        const account = await actions.addAccount(parsed.input);
        setDraft(EMPTY);
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

  const field = (name: FieldName) => ({
    id: `${id}-${name}`,
    name,
    'aria-invalid': errorFor(name) ? true : undefined,
    'aria-describedby': describedBy(`${id}-${name}`),
    onBlur: touch(name),
    disabled: busy,
  });

  return (
    <form className="imap-form" noValidate onSubmit={onSubmit} aria-label="Add an IMAP account">
      <div className="form-grid">
        <FormField id={`${id}-email`} label="Email address" error={errorFor('email')}>
          <input
            {...field('email')}
            className="input"
            type="email"
            autoComplete="email"
            placeholder="alice@example.com"
            value={draft.email}
            onChange={(e) => update({ email: e.target.value })}
          />
        </FormField>
        <FormField id={`${id}-displayName`} label="Display name" optional error={errorFor('displayName')}>
          <input
            {...field('displayName')}
            className="input"
            autoComplete="name"
            placeholder="Alice Example"
            value={draft.displayName}
            onChange={(e) => update({ displayName: e.target.value })}
          />
        </FormField>

        <div className="form-grid__server">
          <FormField id={`${id}-host`} label="IMAP server" error={errorFor('host')} className="field--grow">
            <input
              {...field('host')}
              className="input"
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              placeholder="imap.example.com"
              value={draft.host}
              onChange={(e) => update({ host: e.target.value })}
            />
          </FormField>
          <FormField id={`${id}-port`} label="Port" error={errorFor('port')} className="field--port">
            <input
              {...field('port')}
              className="input input--numeric"
              inputMode="numeric"
              autoComplete="off"
              value={draft.port}
              onChange={(e) => update({ port: e.target.value.replace(/[^0-9]/g, '').slice(0, 5) })}
            />
          </FormField>
          <div className="field field--switch">
            <span className="field__label" aria-hidden="true">
              Security
            </span>
            <ToggleSwitch
              className="toggle--field"
              checked={draft.tls}
              disabled={busy}
              label="TLS"
              describedBy={`${id}-tls-note`}
              onChange={setTls}
            />
          </div>
        </div>
        <p className={draft.tls ? 'form-grid__note' : 'form-grid__note form-grid__note--attention'} id={`${id}-tls-note`}>
          {draft.tls
            ? 'TLS encrypts the connection; port 993 is the usual one.'
            : 'Without TLS the password crosses the network unencrypted. Use it only for a server on your own machine or network.'}
        </p>

        <FormField id={`${id}-username`} label="User name" hint="Usually your email address." error={errorFor('username')}>
          <input
            {...field('username')}
            className="input"
            autoComplete="username"
            autoCapitalize="off"
            spellCheck={false}
            placeholder="Same as the email address"
            value={draft.username ?? draft.email}
            onChange={(e) => update({ username: e.target.value })}
          />
        </FormField>
        <FormField
          id={`${id}-password`}
          label="Password"
          hint="Stored in your system keychain, never shown again. Many providers want an app password here."
          error={errorFor('password')}
        >
          <input
            {...field('password')}
            className="input"
            type="password"
            autoComplete="new-password"
            value={draft.password}
            onChange={(e) => update({ password: e.target.value })}
          />
        </FormField>

        <FormField
          id={`${id}-archiveMailbox`}
          label="Archive folder"
          optional
          hint="Where archived mail goes. Leave empty to use the server’s Archive folder."
          error={errorFor('archiveMailbox')}
        >
          <input
            {...field('archiveMailbox')}
            className="input"
            autoComplete="off"
            spellCheck={false}
            placeholder="Archive"
            value={draft.archiveMailbox}
            onChange={(e) => update({ archiveMailbox: e.target.value })}
          />
        </FormField>
      </div>

      <CheckResult check={check} />

      <div className="form-actions">
        {onCancel ? (
          <button type="button" className="button button--ghost" disabled={busy} onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <span className="form-actions__spacer" />
        <button type="button" className="button button--secondary" disabled={busy || !online} onClick={() => void run('test')}>
          {check.kind === 'running' && check.what === 'test' ? (
            <>
              <Spinner size={12} /> Testing…
            </>
          ) : (
            'Test connection'
          )}
        </button>
        <button type="submit" className="button button--primary" disabled={busy || !online}>
          {check.kind === 'running' && check.what === 'add' ? (
            <>
              <Spinner size={12} /> Adding…
            </>
          ) : (
            'Add account'
          )}
        </button>
      </div>
    </form>
  );
}

function CheckResult({ check }: { check: Check }) {
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

interface ParsedDraft {
  readonly input: ImapAccountInput | null;
  readonly errors: Partial<Record<FieldName, string>>;
}

function parseDraft(draft: Draft): ParsedDraft {
  const errors: Partial<Record<FieldName, string>> = {};
  const port = Number(draft.port);
  if (draft.port === '' || !Number.isInteger(port) || port < 1 || port > 65535) {
    errors.port = 'Enter a port from 1 to 65535.';
  }
  const candidate = {
    kind: 'imap',
    email: draft.email.trim(),
    displayName: draft.displayName.trim() || undefined,
    host: draft.host.trim(),
    port,
    tls: draft.tls,
    username: (draft.username ?? draft.email).trim(),
    password: draft.password,
    archiveMailbox: draft.archiveMailbox.trim() || undefined,
  };
  const result = imapAccountInput.safeParse(candidate);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = issue.path[0];
      if (typeof name === 'string' && isFieldName(name) && !errors[name]) errors[name] = sentence(issue.message);
    }
  }
  const valid = result.success && Object.keys(errors).length === 0;
  return { input: valid ? result.data : null, errors };
}

function isFieldName(name: string): name is FieldName {
  return ['email', 'displayName', 'host', 'port', 'username', 'password', 'archiveMailbox'].includes(name);
}

/** The schema's messages are lower-case phrases ("the password is required"); fields show sentences. */
function sentence(message: string): string {
  const trimmed = message.trim();
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

function focusFirstInvalid(formId: string, errors: Partial<Record<FieldName, string>>) {
  const order: FieldName[] = ['email', 'displayName', 'host', 'port', 'username', 'password', 'archiveMailbox'];
  const first = order.find((name) => errors[name]);
  if (first) document.getElementById(`${formId}-${first}`)?.focus();
}
