import { useId, useState, type FormEvent } from 'react';
import type { Rule } from '@shared/domain/permissions';
import { FormField, describedBy } from '../../components/FormField';
import { PageHeading } from '../../components/PageHeading';
import { ToggleSwitch } from '../../components/ToggleSwitch';
import { useSteward, useStewardActions } from '../../state';

/** Settings → Rules: the rules made with "Always do this"; paused, edited and deleted here. */
export function RulesPage() {
  const rules = useSteward((state) => state.rules);
  return (
    <>
      <PageHeading title="Rules">
        What Steward does without asking because you said “Always do this”. A rule matches only what Steward knows for
        certain about a plan (the detector that found it, the sender, the mailing list, the folder, the recipients’
        domain), never words a model wrote.
      </PageHeading>
      {rules.error ? <p className="notice notice--attention">Could not load the rules: {rules.error}</p> : null}
      {rules.data === null && !rules.error ? <p className="muted">Loading…</p> : null}
      {rules.data?.length === 0 ? (
        <div className="notice empty-rules">
          <p>
            <strong>No rules yet.</strong> When you approve a suggestion, choose <strong>Always do this</strong> (or{' '}
            <code>steward approve ID --always</code>) and Steward makes a rule from it. The next plan like it runs without
            asking, through the same gate, and the ledger names the rule.
          </p>
          <p>Sending to someone new, or anything proposed after reading mail others wrote, still asks whatever the rule says.</p>
        </div>
      ) : null}
      {rules.data && rules.data.length > 0 ? (
        <ul className="rule-list" aria-label="Rules">
          {rules.data.map((rule) => (
            <RuleRow key={rule.id} rule={rule} />
          ))}
        </ul>
      ) : null}
    </>
  );
}

function RuleRow({ rule }: { rule: Rule }) {
  const [editing, setEditing] = useState(false);
  const change = useSteward((state) => state.ruleChanges[rule.id]);
  const online = useSteward((state) => state.link.kind === 'open');
  const { updateRule, deleteRule } = useStewardActions();
  const busy = change?.busy === true || !online;
  return (
    <li className="rule panel" aria-label={rule.name}>
      {editing ? (
        <RuleEditor rule={rule} onDone={() => setEditing(false)} />
      ) : (
        <div className="rule__row">
          <div className="rule__main">
            <p className="rule__name">
              {rule.name}
              {rule.paused ? <span className="rule__state">Paused</span> : null}
            </p>
            {rule.name !== rule.words ? <p className="rule__words">{rule.words}</p> : null}
            <p className="rule__uses">{usesWords(rule)}</p>
            {change?.error ? (
              <p className="field__error" role="alert">
                {change.error}
              </p>
            ) : null}
          </div>
          <ToggleSwitch
            label={<span className="visually-hidden">{`${rule.name}: active`}</span>}
            checked={!rule.paused}
            disabled={busy}
            busy={change?.busy === true}
            onChange={(active) => void updateRule(rule.id, { paused: !active })}
          />
          <button type="button" className="button button--ghost button--small" disabled={busy} aria-label={`Edit: ${rule.name}`} onClick={() => setEditing(true)}>
            Edit
          </button>
          <button type="button" className="button button--danger-quiet button--small" disabled={busy} aria-label={`Delete: ${rule.name}`} onClick={() => void deleteRule(rule.id)}>
            Delete
          </button>
        </div>
      )}
    </li>
  );
}

function usesWords(rule: Rule): string {
  if (rule.uses === 0) return rule.paused ? 'Paused: what it matches asks again.' : 'Has not run yet.';
  const last = rule.lastUsedAt ? new Date(rule.lastUsedAt).toLocaleString() : '';
  return `Ran ${rule.uses === 1 ? 'once' : `${rule.uses} times`}${last ? `, last on ${last}` : ''}.`;
}

const FIELDS = [
  ['sender', 'From', 'Only mail from this address. Empty: any sender.'],
  ['listId', 'Mailing list', 'Only mail of this list (its List-Id). Empty: any list.'],
  ['folder', 'Folder', 'Only mail in this folder. Empty: any folder.'],
  ['recipientDomain', 'Recipients’ domain', 'Only when every recipient is in this domain. Empty: any.'],
] as const;

type FieldKey = (typeof FIELDS)[number][0];

/** Rename a rule or change the fields it matches. The engine refuses a rule that narrows by nothing. */
function RuleEditor({ rule, onDone }: { rule: Rule; onDone: () => void }) {
  const base = useId();
  const [name, setName] = useState(rule.name);
  const [fields, setFields] = useState<Record<FieldKey, string>>({
    sender: rule.match.sender ?? '',
    listId: rule.match.listId ?? '',
    folder: rule.match.folder ?? '',
    recipientDomain: rule.match.recipientDomain ?? '',
  });
  const change = useSteward((state) => state.ruleChanges[rule.id]);
  const { updateRule } = useStewardActions();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const edit = Object.fromEntries(FIELDS.map(([key]) => [key, fields[key].trim() === '' ? null : fields[key].trim()]));
    if (await updateRule(rule.id, { name, ...edit })) onDone();
  };
  return (
    <form className="rule-editor" aria-label={`Edit the rule ${rule.name}`} noValidate onSubmit={(event) => void submit(event)}>
      <FormField id={`${base}-name`} label="Name" error={change?.error ?? null}>
        <input id={`${base}-name`} className="input" value={name} autoFocus aria-describedby={describedBy(`${base}-name`)} onChange={(event) => setName(event.target.value)} />
      </FormField>
      {FIELDS.map(([key, label, hint]) => (
        <FormField key={key} id={`${base}-${key}`} label={label} hint={hint} optional>
          <input
            id={`${base}-${key}`}
            className="input"
            value={fields[key]}
            aria-describedby={describedBy(`${base}-${key}`)}
            onChange={(event) => setFields({ ...fields, [key]: event.target.value })}
          />
        </FormField>
      ))}
      <p className="field__hint">Also matches: {rule.match.detector ? `what the ${rule.match.detector} detector proposes, ` : ''}steps that are {rule.match.capabilities.join(', ')}.</p>
      <div className="setting-row">
        <button type="submit" className="button button--primary button--small" disabled={change?.busy === true || name.trim() === ''}>
          Save
        </button>
        <button type="button" className="button button--secondary button--small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
