import { Fragment, useState } from 'react';
import type { LedgerEntry } from '@shared/domain/types';
import { Icon } from '../../components/Icon';
import { actorLabel, ledgerKindLabel } from '../../format/ledger-kind';
import { fullTime, ledgerTime } from '../../format/time';

interface LedgerTableProps {
  readonly entries: readonly LedgerEntry[];
  /** The first entry that failed verification, marked in the table. */
  readonly brokenFrom: number | null;
}

/** The ledger, dense: one row per entry, expandable to its hashes and details. */
export function LedgerTable({ entries, brokenFrom }: LedgerTableProps) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const now = new Date();
  return (
    <table className="ledger-table">
      <thead>
        <tr>
          <th scope="col" className="ledger-table__seq">
            #
          </th>
          <th scope="col" className="ledger-table__time">
            Time
          </th>
          <th scope="col" className="ledger-table__kind">
            Kind
          </th>
          <th scope="col" className="ledger-table__actor">
            Actor
          </th>
          <th scope="col">Summary</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const expanded = open.has(entry.id);
          const broken = brokenFrom !== null && entry.seq === brokenFrom;
          const detailsId = `ledger-${entry.id}-details`;
          return (
            <Fragment key={entry.id}>
              <tr className={`ledger-row${broken ? ' ledger-row--broken' : ''}${expanded ? ' ledger-row--open' : ''}`}>
                <td className="ledger-table__seq">
                  <button
                    type="button"
                    className="ledger-row__toggle"
                    aria-expanded={expanded}
                    aria-controls={expanded ? detailsId : undefined}
                    aria-label={`Entry ${entry.seq}: ${expanded ? 'hide' : 'show'} details`}
                    onClick={() => toggle(entry.id)}
                  >
                    <Icon name="chevron-right" size={12} className="ledger-row__chevron" />
                    {entry.seq}
                  </button>
                </td>
                <td className="ledger-table__time">
                  <time dateTime={entry.at} title={fullTime(entry.at)}>
                    {ledgerTime(entry.at, now)}
                  </time>
                </td>
                <td className="ledger-table__kind">
                  <span className={`kind ${kindClass(entry.kind)}`} title={entry.kind}>
                    {ledgerKindLabel(entry.kind)}
                  </span>
                </td>
                <td className="ledger-table__actor" title={entry.actor}>
                  {actorLabel(entry.actor)}
                </td>
                <td className="ledger-table__summary" title={entry.summary}>
                  {broken ? <span className="ledger-row__broken">Broken</span> : null}
                  {entry.summary}
                </td>
              </tr>
              {expanded ? (
                <tr className="ledger-details" id={detailsId}>
                  <td colSpan={5}>
                    <LedgerDetails entry={entry} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

function LedgerDetails({ entry }: { entry: LedgerEntry }) {
  const refs: [string, string | null][] = [
    ['Kind', entry.kind],
    ['Actor', entry.actor],
    ['Capability', entry.capability],
    ['Account', entry.accountId],
    ['Suggestion', entry.suggestionId],
    ['Action', entry.actionId],
    ['Hash', entry.hash],
    ['Previous hash', entry.prevHash],
  ];
  const hasDetail = Object.keys(entry.detail).length > 0;
  return (
    <div className="ledger-details__body">
      <p className="ledger-details__summary">{entry.summary}</p>
      <dl className="ledger-details__list">
        {refs
          .filter(([, value]) => value !== null && value !== '')
          .map(([label, value]) => (
            <div key={label} className="ledger-details__row">
              <dt>{label}</dt>
              <dd className={label.includes('ash') || label === 'Kind' ? 'mono' : undefined}>{value}</dd>
            </div>
          ))}
      </dl>
      {hasDetail ? <pre className="ledger-details__json">{JSON.stringify(entry.detail, null, 2)}</pre> : null}
    </div>
  );
}

/** A coloured dot per family of kinds; pausing is the one that gets red. */
function kindClass(kind: string): string {
  if (kind === 'engine.paused') return 'kind--engine-paused';
  if (['action.failed', 'action.cancelled', 'gate.denied', 'gate.refused'].includes(kind)) return 'kind--attention';
  return `kind--${kind.split('.')[0] ?? 'other'}`;
}
