import { useCallback, useEffect, useState } from 'react';
import type { LedgerEntry } from '@shared/domain/types';
import { Icon } from '../../components/Icon';
import { PageHeading } from '../../components/PageHeading';
import { actorLabel, ledgerKindLabel } from '../../format/ledger-kind';
import { useSteward, useStewardActions } from '../../state';
import { ChainVerification } from './ChainVerification';
import { LedgerFilters } from './LedgerFilters';
import { LedgerTable } from './LedgerTable';

export function LedgerPage() {
  const ledger = useSteward((state) => state.ledger);
  const verification = useSteward((state) => state.verification);
  const online = useSteward((state) => state.link.kind === 'open');
  const actions = useStewardActions();
  const [text, setText] = useState('');
  const loadOlder = useCallback(() => void actions.loadOlderLedger(), [actions]);

  // Verify once when the page opens; "Verify now" does it again on demand.
  const needsFirstCheck = online && verification.result === null && !verification.checking && verification.error === null;
  useEffect(() => {
    if (needsFirstCheck) void actions.verifyLedger();
  }, [needsFirstCheck, actions]);

  const entries = ledger.data ?? [];
  const shown = text.trim() ? entries.filter((entry) => matches(entry, text)) : entries;
  const brokenFrom = verification.result?.firstBad?.seq ?? null;

  return (
    <div className="ledger-page">
      <PageHeading title="Ledger">
        Everything Steward decided and did, and every change to its permissions, in order. Append-only and
        hash-chained: each entry seals the one before it.
      </PageHeading>

      <ChainVerification />

      <div className="toolbar toolbar--wrap" role="search" aria-label="Filter the ledger">
        <LedgerFilters filter={ledger.filter} onChange={(filter) => void actions.filterLedger(filter)} />
        <label className="toolbar__field toolbar__field--grow">
          <span className="visually-hidden">Filter by text</span>
          <span className="input-with-icon">
            <Icon name="search" size={14} />
            <input
              className="input"
              type="search"
              placeholder="Search the loaded entries"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </span>
        </label>
        <span className="toolbar__count" aria-live="polite">
          {ledger.data === null ? '' : countWords(shown.length, entries.length, ledger.hasMore)}
        </span>
      </div>

      {ledger.error ? <p className="notice notice--attention">Could not load the ledger: {ledger.error}</p> : null}

      <div className="ledger-page__table">
        {ledger.data === null ? (
          <p className="muted ledger-page__empty">{ledger.error ? '' : 'Loading…'}</p>
        ) : shown.length === 0 ? (
          <div className="ledger-page__empty">
            <p className="muted">
              {entries.length === 0
                ? Object.keys(ledger.filter).length > 0
                  ? 'No entries match these filters. Clear them to see everything.'
                  : 'No entries yet: every decision and action will be recorded here.'
                : ledger.hasMore
                  ? 'No loaded entries match this search. Load older entries, or search for something else.'
                  : 'No entry matches this search. Search for something else.'}
            </p>
            {entries.length > 0 && ledger.hasMore ? (
              <button type="button" className="button button--secondary button--small" disabled={ledger.loadingOlder} onClick={loadOlder}>
                {ledger.loadingOlder ? 'Loading…' : 'Load older entries'}
              </button>
            ) : null}
          </div>
        ) : (
          <LedgerTable entries={shown} brokenFrom={brokenFrom} hasMore={ledger.hasMore} loadingMore={ledger.loadingOlder} onLoadMore={loadOlder} autoLoad={!text.trim()} />
        )}
      </div>
    </div>
  );
}

function matches(entry: LedgerEntry, text: string): boolean {
  const needle = text.trim().toLowerCase();
  return [entry.summary, entry.actor, actorLabel(entry.actor), entry.kind, ledgerKindLabel(entry.kind), String(entry.seq)].some((field) =>
    field.toLowerCase().includes(needle),
  );
}

function countWords(shown: number, loaded: number, more: boolean): string {
  const total = `${loaded.toLocaleString()}${more ? '+' : ''}`;
  const noun = loaded === 1 && !more ? 'entry' : 'entries';
  return shown === loaded ? `${total} ${noun}` : `${shown.toLocaleString()} of ${total} ${noun}`;
}
