import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LedgerEntry } from '@shared/domain/types';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { actorLabel, ledgerKindLabel } from '../../format/ledger-kind';
import { fullTime, ledgerTime } from '../../format/time';
import { rowAfterKey } from './row-keys';

interface LedgerTableProps {
  readonly entries: readonly LedgerEntry[];
  /** The first entry that failed verification, marked in the table. */
  readonly brokenFrom: number | null;
  /** Older entries exist beyond the loaded ones. */
  readonly hasMore: boolean;
  readonly loadingMore: boolean;
  /** Asked for when the rows near the end of what is loaded come into view (with `autoLoad`), or with the button. */
  readonly onLoadMore: () => void;
  /** Off while a text search narrows the loaded rows: it would otherwise pull in the whole ledger. */
  readonly autoLoad: boolean;
}

/** A collapsed row's height (the stylesheet's), and the sticky head's. */
const ROW_HEIGHT = 31;
const HEAD_HEIGHT = 31;
/** Ask for the next page this many rows before the loaded ones run out, so scrolling does not stall. */
const LOAD_AHEAD = 60;

/**
 * The ledger, dense and virtualised: one row per entry, expandable to its hashes and details.
 * Only the rows in view (and a few around) are in the DOM, so 100,000 loaded entries scroll as
 * smoothly as 100; the next (older) page is fetched as the end of what is loaded comes near.
 * Arrow keys, Page Up/Down, Home and End move between rows; Enter or Space opens one.
 */
export function LedgerTable({ entries, brokenFrom, hasMore, loadingMore, onLoadMore, autoLoad }: LedgerTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  /** The row that holds the keyboard focus within the table (roving tabindex). */
  const [active, setActive] = useState(0);
  const [focusWanted, setFocusWanted] = useState<number | null>(null);
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  // The React Compiler is not used here, so the virtualiser's unmemoisable functions are fine.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => entries[index]?.id ?? index,
    overscan: 12,
    paddingStart: HEAD_HEIGHT,
    scrollPaddingStart: HEAD_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (autoLoad && hasMore && !loadingMore && lastShown >= entries.length - LOAD_AHEAD) onLoadMore();
  }, [autoLoad, hasMore, loadingMore, lastShown, entries.length, onLoadMore]);

  // A filter or a reload can leave the active row past the end.
  const current = Math.min(active, Math.max(0, entries.length - 1));

  // Focus moves once the row it goes to is rendered (it may have been scrolled in just now).
  useEffect(() => {
    if (focusWanted === null) return;
    const button = scroller.current?.querySelector<HTMLButtonElement>(`[data-row="${focusWanted}"]`);
    if (button) {
      button.focus({ preventScroll: true });
      setFocusWanted(null);
    }
  }, [focusWanted, items]);

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      const fromRow = (event.target as HTMLElement).dataset.row;
      // From the scroller itself: the next key lands on the first row in view.
      const firstInView = items.find((item) => item.start >= (scroller.current?.scrollTop ?? 0) + HEAD_HEIGHT)?.index ?? 0;
      const from = fromRow !== undefined ? Number(fromRow) : firstInView - 1;
      const pageRows = Math.max(1, Math.floor(((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) - HEAD_HEIGHT) / ROW_HEIGHT) - 1);
      const to = rowAfterKey(event.key, from, entries.length, pageRows);
      if (to === null) return;
      event.preventDefault();
      setActive(to);
      setFocusWanted(to);
      virtualizer.scrollToIndex(to, { align: 'auto' });
    },
    [entries.length, items, virtualizer],
  );

  const now = new Date();
  const first = items[0];
  const last = items.at(-1);
  const above = first ? first.start - HEAD_HEIGHT : 0;
  const below = last ? virtualizer.getTotalSize() - last.end : 0;
  return (
    // The scroller is focusable so the keyboard reaches it even with no row focused yet.
    <div ref={scroller} className="ledger-scroller" tabIndex={0} role="region" aria-label="Ledger entries, newest first" onKeyDown={onKeyDown}>
      <table className="ledger-table" aria-rowcount={entries.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
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
        {above > 0 ? <Spacer height={above} /> : null}
        {items.map((item) => {
          const entry = entries[item.index];
          if (!entry) return null;
          const expanded = open.has(entry.id);
          const broken = brokenFrom !== null && entry.seq === brokenFrom;
          const detailsId = `ledger-${entry.id}-details`;
          return (
            // One tbody per entry: its row and, when open, its details, measured together.
            <tbody key={item.key} data-index={item.index} ref={virtualizer.measureElement} className="ledger-entry">
              <tr className={`ledger-row${broken ? ' ledger-row--broken' : ''}${expanded ? ' ledger-row--open' : ''}`} aria-rowindex={item.index + 2}>
                <td className="ledger-table__seq">
                  <button
                    type="button"
                    className="ledger-row__toggle"
                    data-row={item.index}
                    tabIndex={item.index === current ? 0 : -1}
                    aria-expanded={expanded}
                    aria-controls={expanded ? detailsId : undefined}
                    aria-label={`Entry ${entry.seq}: ${expanded ? 'hide' : 'show'} details`}
                    onFocus={() => setActive(item.index)}
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
            </tbody>
          );
        })}
        {below > 0 ? <Spacer height={below} /> : null}
      </table>
      <div className="ledger-page__more">
        {hasMore ? (
          <button type="button" className="button button--secondary button--small" disabled={loadingMore} onClick={onLoadMore}>
            {loadingMore ? (
              <>
                <Spinner size={12} /> Loading older entries…
              </>
            ) : (
              'Load older entries'
            )}
          </button>
        ) : (
          <span className="muted">{entries.some((e) => e.seq === 1) ? 'The first entry: the ledger starts here.' : 'That is every entry that matches.'}</span>
        )}
      </div>
    </div>
  );
}

/** Stands in for the rows scrolled out of view, so the scrollbar is as long as the whole list. */
function Spacer({ height }: { readonly height: number }) {
  return (
    <tbody aria-hidden="true">
      <tr>
        <td colSpan={5} className="ledger-spacer" style={{ height }} />
      </tr>
    </tbody>
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
