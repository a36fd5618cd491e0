import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { signInInput, type SignInInput } from '@shared/connectors/index';
import type { Account } from '@shared/domain/types';
import { describedBy, FormField } from '../../components/FormField';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { clockTime } from '../../format/time';
import { errorMessage, useSteward, useStewardActions } from '../../state';
import { sentence } from './account-form';

type FieldName = 'email' | 'displayName' | 'clientId' | 'clientSecret';

interface Draft {
  readonly email: string;
  readonly displayName: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

type Stage =
  | { readonly kind: 'idle' }
  | { readonly kind: 'starting' }
  /** The engine listens for Google's answer; the user signs in in the browser. */
  | { readonly kind: 'waiting'; readonly signInId: string; readonly url: string; readonly expiresAt: string; readonly opened: boolean }
  | { readonly kind: 'failed'; readonly message: string };

/** The Google kinds added with this form: one sign-in, the account kind it adds. */
export type GoogleKind = SignInInput['kind'];

export interface GmailSignInFormProps {
  /** Which kind of account the sign-in adds; Gmail unless said. */
  readonly kind?: GoogleKind;
  readonly onAdded: (account: Account) => void;
  readonly onCancel?: () => void;
  /** Signing in again to an account Steward has: its address and client are filled in. */
  readonly preset?: { readonly email: string; readonly clientId: string };
}

/**
 * Adds a Gmail or Google Calendar account by signing in to Google. The engine opens the sign-in and waits for
 * Google's answer; this form opens Google's page in a new browser tab (and shows the link, for
 * where a tab cannot be opened), then waits with the engine. Nothing here sees a token.
 */
export function GmailSignInForm({ kind = 'gmail', onAdded, onCancel, preset }: GmailSignInFormProps) {
  const id = useId();
  const online = useSteward((state) => state.link.kind === 'open');
  const actions = useStewardActions();
  const [draft, setDraft] = useState<Draft>({ email: preset?.email ?? '', displayName: '', clientId: preset?.clientId ?? '', clientSecret: '' });
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [submitted, setSubmitted] = useState(false);
  const waitingFor = useRef<string | null>(null);

  // Leaving the page while waiting cancels the sign-in: its listener should not outlive the form.
  useEffect(
    () => () => {
      if (waitingFor.current) void actions.cancelSignIn(waitingFor.current).catch(() => undefined);
    },
    [actions],
  );

  const parsed = parseDraft(kind, draft);
  const busy = stage.kind === 'starting' || stage.kind === 'waiting';
  const errorFor = (field: FieldName) => (submitted ? (parsed.errors[field] ?? null) : null);

  const update = (patch: Partial<Draft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    if (stage.kind === 'failed') setStage({ kind: 'idle' });
  };

  const signIn = async () => {
    setSubmitted(true);
    if (!parsed.input) {
      setStage({ kind: 'failed', message: 'Check the fields marked above.' });
      return;
    }
    setStage({ kind: 'starting' });
    try {
      const start = await actions.beginSignIn(parsed.input);
      waitingFor.current = start.signInId;
      setStage({ kind: 'waiting', signInId: start.signInId, url: start.url, expiresAt: start.expiresAt, opened: openTab(start.url) });
      const account = await actions.completeSignIn(start.signInId);
      waitingFor.current = null;
      setStage({ kind: 'idle' });
      onAdded(account);
    } catch (error) {
      waitingFor.current = null;
      setStage({ kind: 'failed', message: errorMessage(error) });
    }
  };

  const cancel = () => {
    if (stage.kind === 'waiting') void actions.cancelSignIn(stage.signInId).catch(() => undefined);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void signIn();
  };

  const field = (name: FieldName) => ({
    id: `${id}-${name}`,
    name,
    'aria-invalid': errorFor(name) ? true : undefined,
    'aria-describedby': describedBy(`${id}-${name}`),
    disabled: busy,
  });

  return (
    <form className="imap-form" noValidate onSubmit={onSubmit} aria-label={preset ? `Sign in to ${preset.email} again` : 'Sign in with Google'}>
      <div className="form-grid">
        <FormField id={`${id}-email`} label="Google address" optional hint="Google suggests it; any other account is refused." error={errorFor('email')}>
          <input
            {...field('email')}
            className="input"
            type="email"
            autoComplete="email"
            placeholder="you@gmail.com"
            value={draft.email}
            readOnly={preset !== undefined}
            onChange={(e) => update({ email: e.target.value })}
          />
        </FormField>
        {preset ? null : (
          <FormField id={`${id}-displayName`} label="Display name" optional hint={kind === 'gmail' ? 'Your name, used in drafts.' : 'Your name, as Steward shows it.'} error={errorFor('displayName')}>
            <input {...field('displayName')} className="input" autoComplete="name" placeholder="Alice Example" value={draft.displayName} onChange={(e) => update({ displayName: e.target.value })} />
          </FormField>
        )}
        <FormField
          id={`${id}-clientId`}
          label="OAuth client ID"
          optional
          hint="From your Google Cloud project: Credentials → OAuth client ID → Desktop app. Leave empty if Steward runs with STEWARD_GOOGLE_CLIENT_ID."
          error={errorFor('clientId')}
        >
          <input
            {...field('clientId')}
            className="input"
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            placeholder="1234-abc.apps.googleusercontent.com"
            value={draft.clientId}
            onChange={(e) => update({ clientId: e.target.value })}
          />
        </FormField>
        <FormField id={`${id}-clientSecret`} label="Client secret" optional hint="Shown beside the client ID. Kept in your system keychain with the sign-in." error={errorFor('clientSecret')}>
          <input {...field('clientSecret')} className="input" type="password" autoComplete="off" value={draft.clientSecret} onChange={(e) => update({ clientSecret: e.target.value })} />
        </FormField>
      </div>

      <div className="check-result-region" role="status" aria-live="polite">
        {stage.kind === 'waiting' ? (
          <div className="check-result check-result--busy">
            <Spinner size={14} />
            <span>
              <strong>Waiting for you to sign in to Google{stage.opened ? ' in the new tab' : ''}. </strong>
              Steward waits until {clockTime(stage.expiresAt)}.{' '}
              <a href={stage.url} target="_blank" rel="noopener noreferrer">
                Open Google’s sign-in page
              </a>
              {stage.opened ? ' again if the tab closed.' : ' (no tab could be opened here; this address works in any browser on this computer).'}
            </span>
          </div>
        ) : null}
        {stage.kind === 'failed' ? (
          <p className="check-result check-result--attention">
            <Icon name="alert" size={16} />
            <span>
              <strong>{preset ? 'Not signed in. ' : 'The account was not added. '}</strong>
              {stage.message}
            </span>
          </p>
        ) : null}
      </div>

      <div className="form-actions">
        {stage.kind === 'waiting' ? (
          <button type="button" className="button button--ghost" onClick={cancel}>
            Cancel sign-in
          </button>
        ) : onCancel ? (
          <button type="button" className="button button--ghost" disabled={busy} onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <span className="form-actions__spacer" />
        <button type="submit" className="button button--primary" disabled={busy || !online}>
          {busy ? (
            <>
              <Spinner size={12} /> {stage.kind === 'starting' ? 'Starting…' : 'Waiting for Google…'}
            </>
          ) : (
            <>
              <Icon name="sign-in" size={14} /> {preset ? 'Sign in again with Google' : 'Sign in with Google'}
            </>
          )}
        </button>
      </div>
    </form>
  );
}

/**
 * Opens Google's page in a new tab (still within the click's user activation, so the browser
 * allows it) and says whether it could. Not with the `noopener` feature, which makes window.open
 * answer null even when it opened: the blank tab is cut loose from this page before it navigates.
 * The desktop shell refuses new windows, so there this answers false and the form shows the link.
 */
function openTab(url: string): boolean {
  const tab = window.open('about:blank', '_blank');
  if (!tab) return false;
  tab.opener = null;
  tab.location.href = url;
  return true;
}

interface ParsedDraft {
  readonly input: SignInInput | null;
  readonly errors: Partial<Record<FieldName, string>>;
}

function parseDraft(kind: GoogleKind, draft: Draft): ParsedDraft {
  const candidate = {
    kind,
    email: draft.email.trim() || undefined,
    displayName: draft.displayName.trim() || undefined,
    clientId: draft.clientId.trim() || undefined,
    clientSecret: draft.clientSecret.trim() || undefined,
  };
  const result = signInInput.safeParse(candidate);
  if (result.success) return { input: result.data, errors: {} };
  const errors: Partial<Record<FieldName, string>> = {};
  for (const issue of result.error.issues) {
    const name = issue.path[0];
    if ((name === 'email' || name === 'displayName' || name === 'clientId' || name === 'clientSecret') && !errors[name]) errors[name] = sentence(issue.message);
  }
  return { input: null, errors };
}


/** Signing in again to a Google account (Gmail, Google Calendar) whose sign-in Google no longer accepts. */
export function GmailSignInAgain({ account, onDone }: { account: Account; onDone: () => void }) {
  if (account.kind !== 'gmail' && account.kind !== 'gcal') return null;
  return <GmailSignInForm kind={account.kind} preset={{ email: account.email, clientId: account.settings.clientId }} onAdded={onDone} onCancel={onDone} />;
}

/** The form for Settings → Accounts → Google Calendar. */
export function GcalSignInForm(props: Omit<GmailSignInFormProps, 'kind' | 'preset'>) {
  return <GmailSignInForm kind="gcal" {...props} />;
}
