import { imapAccountInput, SMTP_DEFAULT_PORT, type ImapAccountInput, type SmtpSecurity } from '@shared/connectors/index';
import type { Account } from '@shared/domain/types';
import { FormField } from '../../components/FormField';
import { ToggleSwitch } from '../../components/ToggleSwitch';
import { AccountFormActions, sentence, useAccountForm, type ParsedDraft } from './account-form';

type FieldName = 'email' | 'displayName' | 'host' | 'port' | 'username' | 'password' | 'archiveMailbox' | 'historyDays' | 'smtpHost' | 'smtpPort' | 'smtpUsername' | 'smtpPassword';

const FIELD_ORDER: readonly FieldName[] = ['email', 'displayName', 'host', 'port', 'username', 'password', 'archiveMailbox', 'historyDays', 'smtpHost', 'smtpPort', 'smtpUsername', 'smtpPassword'];

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
  /** Days of history the first sync reads; empty or 0 means everything. */
  readonly historyDays: string;
  /** Whether Steward may send from this account (SMTP). */
  readonly sends: boolean;
  readonly smtpHost: string;
  readonly smtpPort: string;
  readonly smtpSecurity: SmtpSecurity;
  /** Null while the SMTP user name follows the IMAP one. */
  readonly smtpUsername: string | null;
  /** Null while the SMTP password is the IMAP one. */
  readonly smtpPassword: string | null;
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
  historyDays: '',
  // Off until the user asks: an account Steward only drafts for is the safe start.
  sends: false,
  smtpHost: '',
  smtpPort: String(SMTP_DEFAULT_PORT.starttls),
  smtpSecurity: 'starttls',
  smtpUsername: null,
  smtpPassword: null,
};

const SECURITY_CHOICES: readonly { readonly value: SmtpSecurity; readonly label: string }[] = [
  { value: 'starttls', label: 'STARTTLS (port 587)' },
  { value: 'tls', label: 'TLS (port 465)' },
  { value: 'none', label: 'None (local network only)' },
];

/**
 * Adds an IMAP account. The engine validates again (it trusts no client), but checking here
 * puts each problem next to its field before anything is sent. The password goes to the
 * engine once and is never shown again.
 */
export function ImapAccountForm({ onAdded, onCancel }: { onAdded: (account: Account) => void; onCancel?: () => void }) {
  const { id, online, draft, update, errorFor, field, text, busy, check, run, onSubmit } = useAccountForm({ empty: EMPTY, fieldOrder: FIELD_ORDER, parse: parseDraft, onAdded });

  const setSmtpSecurity = (security: SmtpSecurity) => {
    const usingDefault = Object.values(SMTP_DEFAULT_PORT).map(String).includes(draft.smtpPort) || draft.smtpPort === '';
    update({ smtpSecurity: security, ...(usingDefault ? { smtpPort: String(SMTP_DEFAULT_PORT[security]) } : {}) });
  };

  const setTls = (tls: boolean) => {
    const usingDefault = draft.port === '' || draft.port === DEFAULT_PORT.tls || draft.port === DEFAULT_PORT.plain;
    update({ tls, ...(usingDefault ? { port: tls ? DEFAULT_PORT.tls : DEFAULT_PORT.plain } : {}) });
  };

  return (
    <form className="imap-form" noValidate onSubmit={onSubmit} aria-label="Add an IMAP account">
      <div className="form-grid">
        <FormField id={`${id}-email`} label="Email address" error={errorFor('email')}>
          <input
            {...text('email')}
            className="input"
            type="email"
            autoComplete="email"
            placeholder="alice@example.com"
          />
        </FormField>
        <FormField id={`${id}-displayName`} label="Display name" optional error={errorFor('displayName')}>
          <input
            {...text('displayName')}
            className="input"
            autoComplete="name"
            placeholder="Alice Example"
          />
        </FormField>

        <div className="form-grid__server">
          <FormField id={`${id}-host`} label="IMAP server" error={errorFor('host')} className="field--grow">
            <input
              {...text('host')}
              className="input"
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              placeholder="imap.example.com"
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
            {...text('password')}
            className="input"
            type="password"
            autoComplete="new-password"
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
            {...text('archiveMailbox')}
            className="input"
            autoComplete="off"
            spellCheck={false}
            placeholder="Archive"
          />
        </FormField>

        <FormField
          id={`${id}-historyDays`}
          label="History to read (days)"
          optional
          hint="How far back Steward reads your folders at first. Leave empty to read everything (Trash and Junk: only new mail)."
          error={errorFor('historyDays')}
        >
          <input
            {...text('historyDays')}
            className="input input--narrow"
            inputMode="numeric"
            autoComplete="off"
            placeholder="All"
          />
        </FormField>
      </div>

      <fieldset className="form-section" aria-describedby={`${id}-smtp-note`}>
        <legend className="form-section__title">Sending (SMTP)</legend>
        <label className="checkbox">
          <input type="checkbox" checked={draft.sends} disabled={busy} onChange={(e) => update({ sends: e.target.checked })} />
          <span>Let Steward send from this account (only what you approve, after an undo window)</span>
        </label>
        <p className="form-grid__note" id={`${id}-smtp-note`}>
          {draft.sends
            ? 'The outgoing server your mail program uses. Steward tests it (logs in, sends nothing) before it adds the account.'
            : 'Without an outgoing server Steward can save replies as drafts, but not send them.'}
        </p>
        {draft.sends ? (
          <div className="form-grid">
            <div className="form-grid__server">
              <FormField id={`${id}-smtpHost`} label="SMTP server" error={errorFor('smtpHost')} className="field--grow">
                <input
                  {...text('smtpHost')}
                  className="input"
                  autoComplete="off"
                  autoCapitalize="off"
                  spellCheck={false}
                  placeholder="smtp.example.com"
                />
              </FormField>
              <FormField id={`${id}-smtpPort`} label="Port" error={errorFor('smtpPort')} className="field--port">
                <input
                  {...field('smtpPort')}
                  className="input input--numeric"
                  inputMode="numeric"
                  autoComplete="off"
                  value={draft.smtpPort}
                  onChange={(e) => update({ smtpPort: e.target.value.replace(/[^0-9]/g, '').slice(0, 5) })}
                />
              </FormField>
            </div>
            <FormField id={`${id}-smtpSecurity`} label="Security">
              <select
                id={`${id}-smtpSecurity`}
                className="input"
                value={draft.smtpSecurity}
                disabled={busy}
                onChange={(e) => setSmtpSecurity(e.target.value as SmtpSecurity)}
              >
                {SECURITY_CHOICES.map((choice) => (
                  <option key={choice.value} value={choice.value}>
                    {choice.label}
                  </option>
                ))}
              </select>
            </FormField>
            <FormField id={`${id}-smtpUsername`} label="SMTP user name" optional hint="Leave as it is when it is the same as for IMAP." error={errorFor('smtpUsername')}>
              <input
                {...field('smtpUsername')}
                className="input"
                autoComplete="off"
                autoCapitalize="off"
                spellCheck={false}
                placeholder="Same as the IMAP user name"
                value={draft.smtpUsername ?? ''}
                onChange={(e) => update({ smtpUsername: e.target.value === '' ? null : e.target.value })}
              />
            </FormField>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={draft.smtpPassword !== null}
                disabled={busy}
                onChange={(e) => update({ smtpPassword: e.target.checked ? '' : null })}
              />
              <span>The SMTP password differs from the IMAP one</span>
            </label>
            {draft.smtpPassword !== null ? (
              <FormField id={`${id}-smtpPassword`} label="SMTP password" hint="Stored in your system keychain, apart from the IMAP one." error={errorFor('smtpPassword')}>
                <input
                  {...field('smtpPassword')}
                  className="input"
                  type="password"
                  autoComplete="new-password"
                  value={draft.smtpPassword}
                  onChange={(e) => update({ smtpPassword: e.target.value })}
                />
              </FormField>
            ) : null}
          </div>
        ) : null}
      </fieldset>

      <AccountFormActions check={check} online={online} addLabel="Add account" onCancel={onCancel} onTest={() => void run('test')} />
    </form>
  );
}

function parseDraft(draft: Draft): ParsedDraft<FieldName, ImapAccountInput> {
  const errors: Partial<Record<FieldName, string>> = {};
  const port = Number(draft.port);
  if (draft.port === '' || !Number.isInteger(port) || port < 1 || port > 65535) {
    errors.port = 'Enter a port from 1 to 65535.';
  }
  const smtpPort = Number(draft.smtpPort);
  if (draft.sends && (draft.smtpPort === '' || !Number.isInteger(smtpPort) || smtpPort < 1 || smtpPort > 65535)) {
    errors.smtpPort = 'Enter a port from 1 to 65535.';
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
    historyDays: draft.historyDays.trim() === '' ? undefined : Number(draft.historyDays.trim()),
    smtp: draft.sends
      ? {
          host: draft.smtpHost.trim(),
          port: smtpPort,
          security: draft.smtpSecurity,
          username: draft.smtpUsername?.trim() || undefined,
          password: draft.smtpPassword ?? undefined,
        }
      : undefined,
  };
  const result = imapAccountInput.safeParse(candidate);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = fieldOf(issue.path);
      if (name && !errors[name]) errors[name] = sentence(issue.message);
    }
  }
  const valid = result.success && Object.keys(errors).length === 0;
  return { input: valid ? result.data : null, errors };
}

/** The field an issue of the schema is about: `['smtp', 'host']` is the SMTP server field. */
function fieldOf(path: readonly PropertyKey[]): FieldName | null {
  const [first, second] = path;
  const name = first === 'smtp' && typeof second === 'string' ? `smtp${second.charAt(0).toUpperCase()}${second.slice(1)}` : first;
  return typeof name === 'string' && (FIELD_ORDER as readonly string[]).includes(name) ? (name as FieldName) : null;
}
