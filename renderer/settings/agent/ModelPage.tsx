import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ConfigEntry } from '@shared/config/index';
import { checkApiKey } from '@shared/config/index';
import { FormField, describedBy } from '../../components/FormField';
import { Icon } from '../../components/Icon';
import { PageHeading } from '../../components/PageHeading';
import { Spinner } from '../../components/Spinner';
import { budgetSpentLine, spendLine } from '../../format/spend';
import { useAgent } from '../../state/agent';

/** Settings → Model and budget: the key (sent once, never shown again), the models, the endpoint, the daily budget. */
export function ModelPage() {
  const model = useAgent((state) => state.model);
  const config = useAgent((state) => state.config);
  const { refresh } = useAgent((state) => state.actions);
  useEffect(() => {
    void refresh('model');
    void refresh('config');
  }, [refresh]);

  const view = model.data;
  const entries = config.data ?? [];
  return (
    <>
      <PageHeading title="Model and budget">
        With an Anthropic API key, Steward triages new mail, drafts replies in your tone, and writes digests and briefs, within a daily budget. Everything it proposes still waits for your yes.
      </PageHeading>
      {model.error ? <p className="notice notice--attention">Could not load the model settings: {model.error}</p> : null}
      {!view && !model.error ? <p className="muted">Loading…</p> : null}
      {view ? (
        <>
          <section className="section panel" aria-labelledby="spend-title">
            <h2 className="section__title" id="spend-title">
              Today
            </h2>
            <p className="section__lede">{spendLine(view.status)}</p>
            <progress className="spend-meter" max={view.status.today.budgetTokens} value={Math.min(view.status.today.tokens, view.status.today.budgetTokens)} aria-label="Today’s tokens against the budget" />
            {view.status.today.exhausted ? (
              <p className="notice notice--attention" role="status">
                {budgetSpentLine(view.status)}. The detectors keep working meanwhile.
              </p>
            ) : view.status.problem ? (
              <p className="notice notice--attention" role="status">
                <Icon name="alert" size={14} /> {view.status.problem}
              </p>
            ) : null}
          </section>
          <ApiKeySection set={view.apiKey.set} source={view.apiKey.source} />
          <section className="section panel" aria-labelledby="models-title">
            <h2 className="section__title" id="models-title">
              Models and endpoint
            </h2>
            <p className="section__lede">A fast model sorts new mail; a stronger one writes. Any Anthropic-compatible endpoint works, a local one included.</p>
            <div className="form-grid">
              <SettingField entry={entries.find((e) => e.key === 'model.triage')} label="Triage model" />
              <SettingField entry={entries.find((e) => e.key === 'model.writing')} label="Writing model" />
              <SettingField
                entry={entries.find((e) => e.key === 'model.baseUrl')}
                label="Base URL"
                placeholder={view.baseUrl.source === 'environment' ? `${view.baseUrl.value} (ANTHROPIC_BASE_URL)` : view.baseUrl.value}
                emptyIsNull
              />
              <SettingField entry={entries.find((e) => e.key === 'budget.dailyTokens')} label="Daily budget (tokens)" hint="Counted from midnight in your time zone: input, output and cache together. Past it, jobs wait for the next day." />
            </div>
          </section>
        </>
      ) : null}
    </>
  );
}

function ApiKeySection({ set, source }: { set: boolean; source: 'keychain' | 'environment' | null }) {
  const id = useId();
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const saving = useAgent((state) => state.saving.apiKey);
  const { saveApiKey } = useAgent((state) => state.actions);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkApiKey(key);
    if (!checked.ok) {
      setProblem(checked.error);
      return;
    }
    setProblem(null);
    // Sent once, then forgotten here: the field empties whether or not it was kept.
    const saved = await saveApiKey(checked.value);
    setKey('');
    if (!saved) return;
  };

  const error = problem ?? saving?.error ?? null;
  return (
    <section className="section panel" aria-labelledby="key-title">
      <h2 className="section__title" id="key-title">
        API key
      </h2>
      <p className="section__lede">
        {set
          ? source === 'environment'
            ? 'A key is set by ANTHROPIC_API_KEY in Steward’s environment. A key saved here takes its place.'
            : 'A key is saved in your system keychain. It is never shown again; paste a new one to replace it.'
          : 'No key: Steward runs on its built-in detectors (newsletters, questions to answer). A key adds triage of new mail, replies drafted in your tone, a digest when you come back, and a morning brief.'}
      </p>
      <form className="key-form" aria-label="Save an API key" noValidate onSubmit={(event) => void submit(event)}>
        <FormField id={id} label={set ? 'New API key' : 'API key'} error={error} hint="From console.anthropic.com → API keys. Kept in your system keychain, never in Steward’s database.">
          <input
            id={id}
            className="input"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={key}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy(id)}
            onChange={(event) => setKey(event.target.value)}
          />
        </FormField>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={saving?.busy === true || key.trim() === ''}>
            {saving?.busy ? (
              <>
                <Spinner size={12} /> Saving…
              </>
            ) : (
              'Save key'
            )}
          </button>
          {set && source === 'keychain' ? (
            <button type="button" className="button button--danger-quiet" disabled={saving?.busy === true} onClick={() => void saveApiKey(null)}>
              Remove key
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}

interface SettingFieldProps {
  readonly entry: ConfigEntry | undefined;
  readonly label: string;
  readonly hint?: string;
  readonly placeholder?: string;
  /** An empty field means "not set" (null), not the empty text. */
  readonly emptyIsNull?: boolean;
}

/** One setting with its own Save; it starts over from the stored value whenever that changes. */
function SettingField(props: SettingFieldProps) {
  if (!props.entry) return null;
  const current = textOf(props.entry.value);
  return <SettingInput key={`${props.entry.key}=${current}`} {...props} entry={props.entry} current={current} />;
}

function textOf(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function SettingInput({ entry, current, label, hint, placeholder, emptyIsNull = false }: SettingFieldProps & { entry: ConfigEntry; current: string }) {
  const id = useId();
  const [value, setValue] = useState(current);
  const saving = useAgent((state) => state.saving[entry.key]);
  const { saveSetting } = useAgent((state) => state.actions);
  const numeric = typeof entry.default === 'number';
  const dirty = value !== current;
  const save = () => {
    const trimmed = value.trim();
    void saveSetting(entry.key, emptyIsNull && trimmed === '' ? null : numeric && /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed);
  };
  return (
    <FormField id={id} label={label} error={saving?.error ?? null} hint={hint ?? entry.description}>
      <div className="setting-row">
        <input
          id={id}
          className={numeric ? 'input input--numeric' : 'input'}
          value={value}
          placeholder={placeholder}
          spellCheck={false}
          aria-invalid={saving?.error ? true : undefined}
          aria-describedby={describedBy(id)}
          onChange={(event) => setValue(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && dirty) save();
          }}
        />
        <button type="button" className="button button--secondary button--small" disabled={!dirty || saving?.busy === true} onClick={save}>
          {saving?.busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </FormField>
  );
}
