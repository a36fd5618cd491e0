import { useId, useState } from 'react';
import type { ConfigEntry } from '@shared/config/index';
import { describedBy, FormField } from '../../components/FormField';
import { PageHeading } from '../../components/PageHeading';
import { SegmentedControl, type SegmentedOption } from '../../components/SegmentedControl';
import { ToggleSwitch } from '../../components/ToggleSwitch';
import { useSteward } from '../../state';
import { NumberSettingField } from '../NumberSettingField';
import { useConfigSave as useSave } from '../useConfigSave';

type Urgency = 'low' | 'normal' | 'high';

const THRESHOLDS: readonly SegmentedOption<Urgency>[] = [
  { value: 'high', label: 'Urgent only' },
  { value: 'normal', label: 'Normal and urgent' },
  { value: 'low', label: 'Everything' },
];

/**
 * When Steward may tap the user on the shoulder: the threshold, quiet hours, the hourly budget
 * and the time zone they are read in. Every change is saved at once and checked by the engine.
 */
export function InterruptionsPage() {
  const config = useSteward((state) => state.config);
  const id = useId();
  if (config.data === null) {
    return (
      <>
        <PageHeading title="Interruptions">When Steward may notify you. Whatever you choose, every suggestion waits in the popover.</PageHeading>
        {config.error ? <p className="notice notice--attention">Could not load the settings: {config.error}</p> : <p className="muted">Loading…</p>}
      </>
    );
  }
  const value = (key: string): unknown => config.data?.find((entry: ConfigEntry) => entry.key === key)?.value;
  const zone = value('user.timeZone');
  const timeZone = typeof zone === 'string' ? zone : '';
  return (
    <>
      <PageHeading title="Interruptions">When Steward may notify you. Whatever you choose, every suggestion waits in the popover.</PageHeading>
      <p className="notice">
        While you are away (idle, locked or asleep) nothing notifies; one summary greets you when you are back. In a meeting, only
        urgent things notify. While paused, nothing does.
      </p>
      <section className="panel interruptions-settings" aria-label="Notification settings">
        <ThresholdField id={`${id}-threshold`} value={(value('interruptions.minUrgency') as Urgency | undefined) ?? 'normal'} />
        {/* Keyed by the stored value: a field starts afresh from what the engine says after a save. */}
        <QuietHoursField key={String(value('interruptions.quietHours'))} id={`${id}-quiet`} value={(value('interruptions.quietHours') as string | null | undefined) ?? null} />
        <NumberSettingField
          key={String(value('interruptions.perHour'))}
          id={`${id}-per-hour`}
          setting="interruptions.perHour"
          label="At most this many notifications an hour"
          hint="0 turns notifications off; more than this wait in the popover."
          value={Number(value('interruptions.perHour') ?? 4)}
          min={0}
          max={60}
        />
        <TimeZoneField key={timeZone} id={`${id}-zone`} value={timeZone} />
      </section>
    </>
  );
}

function ThresholdField({ id, value }: { id: string; value: Urgency }) {
  const { busy, error, save } = useSave('interruptions.minUrgency');
  return (
    <FormField id={id} label="Notify me for" error={error} hint="Suggestions below this wait quietly in the popover.">
      <div id={id} aria-describedby={describedBy(id)}>
        <SegmentedControl label="Notify me for" options={THRESHOLDS} value={value} disabled={busy} onChange={(next) => void save(next)} />
      </div>
    </FormField>
  );
}

function QuietHoursField({ id, value }: { id: string; value: string | null }) {
  const { busy, error, saved, save } = useSave('interruptions.quietHours');
  const [from, to] = (value ?? '22:00-07:00').split('-');
  const [draft, setDraft] = useState({ from: from ?? '22:00', to: to ?? '07:00' });
  const on = value !== null;
  const commit = (next: { from: string; to: string }) => void save(`${next.from}-${next.to}`);
  return (
    <FormField id={`${id}-from`} label="Quiet hours" error={error} hint={on ? `Nothing notifies from ${draft.from} to ${draft.to}, not even urgent things.${saved ? ' Saved.' : ''}` : 'Off: notifications may come at any hour.'}>
      <div className="quiet-hours">
        <ToggleSwitch checked={on} disabled={busy} label={on ? 'On' : 'Off'} onChange={(checked) => void save(checked ? `${draft.from}-${draft.to}` : null)} />
        <label className="visually-hidden" htmlFor={`${id}-from`}>
          From
        </label>
        <input
          id={`${id}-from`}
          className="input input--time"
          type="time"
          value={draft.from}
          disabled={!on || busy}
          aria-describedby={describedBy(`${id}-from`)}
          onChange={(event) => setDraft({ ...draft, from: event.target.value })}
          onBlur={() => commit(draft)}
        />
        <span aria-hidden="true">to</span>
        <label className="visually-hidden" htmlFor={`${id}-to`}>
          To
        </label>
        <input
          id={`${id}-to`}
          className="input input--time"
          type="time"
          value={draft.to}
          disabled={!on || busy}
          onChange={(event) => setDraft({ ...draft, to: event.target.value })}
          onBlur={() => commit(draft)}
        />
      </div>
    </FormField>
  );
}

function TimeZoneField({ id, value }: { id: string; value: string }) {
  const { busy, error, saved, save } = useSave('user.timeZone');
  const [draft, setDraft] = useState(value);
  const system = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return (
    <FormField id={id} label="Time zone" optional error={error} hint={`Quiet hours and routines follow it. Empty: this computer’s (${system}).${saved ? ' Saved.' : ''}`}>
      <input
        id={id}
        className="input"
        list={`${id}-zones`}
        value={draft}
        placeholder={system}
        disabled={busy}
        autoComplete="off"
        aria-describedby={describedBy(id)}
        aria-invalid={error ? true : undefined}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => {
          if (draft.trim() !== value) void save(draft.trim());
        }}
      />
      <datalist id={`${id}-zones`}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </FormField>
  );
}
