import { useState } from 'react';
import { describedBy, FormField } from '../components/FormField';
import { useConfigSave } from './useConfigSave';

interface NumberSettingFieldProps {
  readonly id: string;
  /** The config key it saves (the engine checks the value). */
  readonly setting: string;
  readonly label: string;
  readonly hint: string;
  readonly value: number;
  readonly min: number;
  readonly max: number;
}

/** A whole-number setting, saved when the field loses focus; a refused value says why beside it. */
export function NumberSettingField({ id, setting, label, hint, value, min, max }: NumberSettingFieldProps) {
  const { busy, error, saved, save } = useConfigSave(setting);
  const [draft, setDraft] = useState(String(value));
  return (
    <FormField id={id} label={label} error={error} hint={`${hint}${saved ? ' Saved.' : ''}`}>
      <input
        id={id}
        className="input input--narrow"
        type="number"
        min={min}
        max={max}
        inputMode="numeric"
        value={draft}
        disabled={busy}
        aria-describedby={describedBy(id)}
        aria-invalid={error ? true : undefined}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => {
          if (draft !== String(value)) void save(draft === '' ? Number.NaN : Number(draft));
        }}
      />
    </FormField>
  );
}
