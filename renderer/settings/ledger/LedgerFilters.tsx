import type { LedgerFilter } from '@shared/api/inputs';
import { APPS, CAPABILITIES, type AppId, type CapabilityId } from '@shared/domain/capabilities';
import { LEDGER_KIND_LABELS } from '../../format/ledger-kind';

/** Who caused an entry, as the filter offers it: a prefix ("user" is every way the user acts). */
const ACTORS: readonly (readonly [string, string])[] = [
  ['user', 'You (anywhere)'],
  ['user:ui', 'You · app'],
  ['user:web', 'You · web'],
  ['user:cli', 'You · CLI'],
  ['engine', 'Steward'],
  ['detector', 'Detectors'],
  ['agent', 'Steward’s model'],
  ['breaker', 'The breaker'],
  ['shell', 'The desktop app'],
];

const DECISIONS: readonly (readonly [NonNullable<LedgerFilter['decision']>, string])[] = [
  ['asked', 'Asked you'],
  ['allowed', 'Allowed'],
  ['denied', 'Denied'],
  ['refused', 'Refused'],
];

/**
 * The ledger viewer's filters. Each is applied by the engine, so a filtered page of a ledger of
 * 100,000 entries comes back as quickly as the first page of an empty one.
 */
export function LedgerFilters({ filter, onChange }: { readonly filter: LedgerFilter; readonly onChange: (filter: LedgerFilter) => void }) {
  const set = <K extends keyof LedgerFilter>(key: K, value: LedgerFilter[K] | '') => {
    const next: LedgerFilter = { ...filter };
    if (value === '' || value === undefined) delete next[key];
    else next[key] = value;
    onChange(next);
  };
  const active = Object.keys(filter).length > 0;
  return (
    <>
      <Select label="Kind" value={filter.kind ?? ''} onChange={(v) => set('kind', v)} all="All kinds" options={Object.entries(LEDGER_KIND_LABELS)} />
      <Select label="App" value={filter.app ?? ''} onChange={(v) => set('app', v as AppId | '')} all="All apps" options={Object.values(APPS).map((app) => [app.id, app.label])} />
      <Select
        label="Capability"
        value={filter.capability ?? ''}
        onChange={(v) => set('capability', v as CapabilityId | '')}
        all="All capabilities"
        options={Object.values(CAPABILITIES).map((c) => [c.id, c.label])}
      />
      <Select label="Decision" value={filter.decision ?? ''} onChange={(v) => set('decision', v as LedgerFilter['decision'] | '')} all="All decisions" options={DECISIONS} />
      <Select label="Actor" value={filter.actor ?? ''} onChange={(v) => set('actor', v)} all="Anyone" options={ACTORS} />
      <label className="toolbar__field toolbar__field--labelled">
        <span>From</span>
        <input className="input" type="date" value={dayOf(filter.since)} onChange={(e) => set('since', startOfDay(e.target.value))} />
      </label>
      <label className="toolbar__field toolbar__field--labelled">
        <span>To</span>
        <input className="input" type="date" value={dayBefore(filter.until)} onChange={(e) => set('until', startOfDay(e.target.value, 1))} />
      </label>
      {active ? (
        <button type="button" className="button button--secondary button--small" onClick={() => onChange({})}>
          Clear filters
        </button>
      ) : null}
    </>
  );
}

function Select({
  label,
  value,
  onChange,
  all,
  options,
}: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly all: string;
  readonly options: readonly (readonly [string, string])[];
}) {
  return (
    <label className="toolbar__field">
      <span className="visually-hidden">{label}</span>
      <select className="input input--select" aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{all}</option>
        {options.map(([id, text]) => (
          <option key={id} value={id}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** "2026-12-01" (local day) → the ISO time of its midnight, `plusDays` later; "" stays "". */
function startOfDay(day: string, plusDays = 0): string {
  if (!day) return '';
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + plusDays).toISOString();
}

function dayOf(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** The "To" field shows the last day included: the day before the exclusive end. */
function dayBefore(iso: string | undefined): string {
  if (!iso) return '';
  return dayOf(new Date(new Date(iso).getTime() - 1).toISOString());
}
