import { useId, useState } from 'react';
import type { ConfigEntry } from '@shared/config/index';
import { describedBy, FormField } from '../../components/FormField';
import { useSteward } from '../../state';
import { useConfigSave } from '../useConfigSave';

/**
 * The breaker: more than N actions run without asking within M minutes, and Steward pauses
 * itself. The engine counts from the database, so a restart does not reset it.
 */
export function SafetyBrake() {
  const config = useSteward((state) => state.config);
  const id = useId();
  if (config.data === null) return null;
  const value = (key: string): number => Number(config.data?.find((entry: ConfigEntry) => entry.key === key)?.value);
  const count = value('safety.breakerCount');
  const minutes = value('safety.breakerMinutes');
  return (
    <section className="section panel safety-brake" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section__title">
        Safety brake
      </h2>
      <p className="section__lede">
        If more than {count} actions run without asking within {minutes} minutes, Steward pauses itself and waits for you. What you approve
        never counts, and a restart does not reset the count.
      </p>
      {/* Keyed by the stored value: a field starts afresh from what the engine says after a save. */}
      <div className="safety-brake__fields">
        <NumberField key={`c${count}`} id={`${id}-count`} setting="safety.breakerCount" label="Pause after more than this many unasked actions" value={count} min={1} max={1000} />
        <NumberField key={`m${minutes}`} id={`${id}-minutes`} setting="safety.breakerMinutes" label="Within this many minutes" value={minutes} min={1} max={1440} />
      </div>
    </section>
  );
}

function NumberField({ id, setting, label, value, min, max }: { id: string; setting: string; label: string; value: number; min: number; max: number }) {
  const { busy, error, saved, save } = useConfigSave(setting);
  const [draft, setDraft] = useState(String(value));
  return (
    <FormField id={id} label={label} error={error} hint={`${min} to ${max}.${saved ? ' Saved.' : ''}`}>
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
