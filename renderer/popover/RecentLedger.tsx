import { CAPABILITIES } from '@shared/domain/capabilities';
import type { LedgerEntry, LedgerKind } from '@shared/domain/types';
import { Icon, type IconName } from '../components/Icon';
import { actorLabel, ledgerKindLabel } from '../format/ledger-kind';
import { shortWhen } from '../format/time';
import { useSteward, useStewardActions } from '../state';
import { ListError, LoadingCards } from './ListPlaceholders';
import { OpenSettings } from './OpenSettings';

/** Decisions (the gate's and the user's), pauses and grant changes: what the popover's ledger shows. */
const SHOWN: ReadonlySet<LedgerKind> = new Set<LedgerKind>([
  'gate.asked',
  'gate.allowed',
  'gate.denied',
  'gate.refused',
  'suggestion.approved',
  'suggestion.dismissed',
  'engine.paused',
  'engine.resumed',
  'grant.changed',
]);

export const RECENT_LEDGER_ROWS = 12;

const MODE_WORDS: Readonly<Record<string, string>> = { deny: 'Deny', ask: 'Ask', allow: 'Allow' };

/** The row's title: the ledger's own summary, but a permission change in the words of Settings. */
export function decisionTitle(entry: LedgerEntry): string {
  if (entry.kind !== 'grant.changed' || !entry.capability) return entry.summary;
  const { from, to } = entry.detail as { from?: unknown; to?: unknown };
  const capability = (CAPABILITIES as Readonly<Record<string, { label: string } | undefined>>)[entry.capability];
  if (!capability || typeof from !== 'string' || typeof to !== 'string') return entry.summary;
  return `${capability.label}: ${MODE_WORDS[from] ?? from} → ${MODE_WORDS[to] ?? to}`;
}

export function recentDecisions(entries: readonly LedgerEntry[], limit = RECENT_LEDGER_ROWS): LedgerEntry[] {
  return entries.filter((entry) => SHOWN.has(entry.kind)).slice(0, limit);
}

function iconFor(kind: LedgerKind): { name: IconName; tone: 'ok' | 'attention' | 'quiet' } {
  switch (kind) {
    case 'gate.allowed':
    case 'suggestion.approved':
      return { name: 'check', tone: 'ok' };
    case 'gate.denied':
    case 'gate.refused':
      return { name: 'shield-alert', tone: 'attention' };
    case 'suggestion.dismissed':
      return { name: 'x', tone: 'quiet' };
    case 'engine.paused':
      return { name: 'pause', tone: 'attention' };
    case 'grant.changed':
      return { name: 'key', tone: 'quiet' };
    default:
      return { name: 'shield-check', tone: 'quiet' };
  }
}

/**
 * The *Ledger* tab: the latest decisions and permission changes, newest first, each as the
 * ledger recorded it. The full, filterable, verifiable ledger is in Settings.
 */
export function RecentLedger() {
  const ledger = useSteward((state) => state.ledger);
  const { refresh } = useStewardActions();

  const full = (
    <OpenSettings className="button button--secondary button--small" withIcon page="ledger">
      Open the full ledger
    </OpenSettings>
  );

  if (ledger.data === null) {
    return ledger.error ? <ListError message={ledger.error} onRetry={() => void refresh('ledger')} /> : <LoadingCards />;
  }
  const rows = recentDecisions(ledger.data);
  if (rows.length === 0) {
    return (
      <div className="empty-state">
        <div className="empty-state__icon">
          <Icon name="book" size={22} />
        </div>
        <p className="empty-state__title">No decisions yet</p>
        <p className="empty-state__text">Every approval, dismissal, pause and permission change is recorded here, and can be checked in Settings.</p>
        {full}
      </div>
    );
  }
  const now = new Date();
  return (
    <div className="recent-ledger">
      {ledger.error ? <p className="list-note">Could not refresh: {ledger.error}</p> : null}
      <h2 className="activity__day-title">Latest decisions and permission changes</h2>
      <ul className="activity__list">
        {rows.map((entry) => {
          const icon = iconFor(entry.kind);
          return (
            <li key={entry.id} className="activity-row">
              <span className={`activity-row__icon activity-row__icon--${icon.tone}`}>
                <Icon name={icon.name} size={13} />
              </span>
              <div className="activity-row__body">
                <p className="activity-row__title" title={entry.summary}>
                  {decisionTitle(entry)}
                </p>
                <p className="activity-row__detail">
                  {ledgerKindLabel(entry.kind)} · <span title={entry.actor}>{actorLabel(entry.actor)}</span>
                </p>
              </div>
              <div className="activity-row__side">
                <time className="activity-row__time" dateTime={entry.at}>
                  {shortWhen(entry.at, now)}
                </time>
              </div>
            </li>
          );
        })}
      </ul>
      <div className="recent-ledger__more">{full}</div>
    </div>
  );
}
