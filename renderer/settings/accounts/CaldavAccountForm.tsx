import { caldavAccountInput, type CaldavAccountInput } from '@shared/connectors/index';
import type { Account } from '@shared/domain/types';
import { FormField } from '../../components/FormField';
import { AccountFormActions, sentence, useAccountForm, type ParsedDraft } from './account-form';

type FieldName = 'url' | 'username' | 'password' | 'email' | 'displayName';
const FIELD_ORDER: readonly FieldName[] = ['url', 'username', 'password', 'email', 'displayName'];

interface Draft {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly email: string;
  readonly displayName: string;
}

const EMPTY: Draft = { url: '', username: '', password: '', email: '', displayName: '' };

/**
 * Adds a CalDAV calendar account (iCloud, Fastmail, Nextcloud, Radicale). The test logs in,
 * finds the calendars and says what Steward will be able to do there; nothing is stored until
 * the account is added (the engine tests it again then).
 */
export function CaldavAccountForm({ onAdded, onCancel }: { onAdded: (account: Account) => void; onCancel?: () => void }) {
  const { id, online, errorFor, text, check, run, onSubmit } = useAccountForm({ empty: EMPTY, fieldOrder: FIELD_ORDER, parse: parseDraft, onAdded });

  return (
    <form className="imap-form" noValidate onSubmit={onSubmit} aria-label="Add a CalDAV calendar">
      <div className="form-grid">
        <FormField id={`${id}-url`} label="Server address" hint="The CalDAV address your calendar service gives, such as https://caldav.fastmail.com." error={errorFor('url')}>
          <input
            {...text('url')}
            className="input"
            type="url"
            autoComplete="url"
            autoCapitalize="off"
            spellCheck={false}
            placeholder="https://caldav.example.com"
          />
        </FormField>
        <FormField id={`${id}-username`} label="User name" error={errorFor('username')}>
          <input
            {...text('username')}
            className="input"
            autoComplete="username"
            autoCapitalize="off"
            spellCheck={false}
            placeholder="alice@example.com"
          />
        </FormField>
        <FormField id={`${id}-password`} label="Password" hint="Stored in your system keychain, never shown again. iCloud and Fastmail want an app password." error={errorFor('password')}>
          <input
            {...text('password')}
            className="input"
            type="password"
            autoComplete="new-password"
          />
        </FormField>
        <FormField
          id={`${id}-email`}
          label="Your email address"
          optional
          hint="The address invitations are sent to. Needed when the user name is not an address."
          error={errorFor('email')}
        >
          <input
            {...text('email')}
            className="input"
            type="email"
            autoComplete="email"
            placeholder="Same as the user name"
          />
        </FormField>
        <FormField id={`${id}-displayName`} label="Display name" optional error={errorFor('displayName')}>
          <input
            {...text('displayName')}
            className="input"
            autoComplete="name"
            placeholder="Work calendar"
          />
        </FormField>
      </div>

      <AccountFormActions check={check} online={online} addLabel="Add calendar" onCancel={onCancel} onTest={() => void run('test')} />
    </form>
  );
}

function parseDraft(draft: Draft): ParsedDraft<FieldName, CaldavAccountInput> {
  const errors: Partial<Record<FieldName, string>> = {};
  const email = draft.email.trim();
  const username = draft.username.trim();
  if (email === '' && username !== '' && !username.includes('@')) errors.email = 'Your user name is not an email address: enter the address invitations reach you at.';
  const result = caldavAccountInput.safeParse({
    kind: 'caldav',
    url: draft.url.trim(),
    username,
    password: draft.password,
    email: email || undefined,
    displayName: draft.displayName.trim() || undefined,
  });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = issue.path[0];
      if (typeof name === 'string' && (FIELD_ORDER as readonly string[]).includes(name) && !errors[name as FieldName]) errors[name as FieldName] = sentence(issue.message);
    }
  }
  return { input: result.success && Object.keys(errors).length === 0 ? result.data : null, errors };
}
