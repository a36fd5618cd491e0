import { useId } from 'react';
import type { ConfigEntry } from '@shared/config/index';
import { useSteward } from '../../state';
import { NumberSettingField } from '../NumberSettingField';

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
        <NumberSettingField key={`c${count}`} id={`${id}-count`} setting="safety.breakerCount" label="Pause after more than this many unasked actions" hint="1 to 1000." value={count} min={1} max={1000} />
        <NumberSettingField key={`m${minutes}`} id={`${id}-minutes`} setting="safety.breakerMinutes" label="Within this many minutes" hint="1 to 1440." value={minutes} min={1} max={1440} />
      </div>
    </section>
  );
}
