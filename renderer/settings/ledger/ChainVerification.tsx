import type { LedgerVerification } from '@shared/domain/types';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { clockTime } from '../../format/time';
import { useSteward, useStewardActions } from '../../state';

/** What the check against the end kept outside the database found, as a sentence to append. */
function anchorWords(anchor: LedgerVerification['anchor']): string {
  switch (anchor.state) {
    case 'matches':
      return ` Its end matches the copy kept in your keychain, so the file was not replaced or rolled back.`;
    case 'unavailable':
      return ` The copy of its end in your keychain could not be read (${anchor.detail ?? 'no reason given'}), so a replaced or rolled-back file would not show.`;
    case 'none':
      return ' No copy of its end is kept outside the database yet.';
    default:
      return '';
  }
}

/** The ledger's hash chain: intact (green) or broken at an entry (red), with "Verify now". */
export function ChainVerification() {
  const verification = useSteward((state) => state.verification);
  const online = useSteward((state) => state.link.kind === 'open');
  const { verifyLedger } = useStewardActions();
  const { result, checking, checkedAt, error } = verification;

  let tone = 'neutral';
  let icon: 'shield-check' | 'shield-alert' | 'clock' = 'clock';
  let headline = 'Not verified yet';
  let detail = 'Verifying recomputes every entry’s hash and checks that each one links to the one before.';
  if (result?.ok) {
    tone = 'ok';
    icon = 'shield-check';
    headline = `Chain verified: ${result.checked.toLocaleString()} ${result.checked === 1 ? 'entry' : 'entries'} intact`;
    detail = `Every entry up to #${result.headSeq} links to the one before it; nothing was changed or removed.${anchorWords(result.anchor)}`;
  } else if (result && !result.ok) {
    tone = 'broken';
    icon = 'shield-alert';
    headline = result.firstBad ? `Chain broken at entry ${result.firstBad.seq}: ${result.firstBad.reason}` : 'Chain broken';
    detail =
      result.anchor.state === 'mismatch'
        ? 'The database is not the one Steward last wrote: it was replaced or rolled back. If you restored it from a backup yourself, run `steward ledger --accept` to keep it.'
        : 'Entries from there on cannot be trusted: something changed the ledger outside Steward.';
  }
  if (error) {
    tone = 'attention';
    icon = 'shield-alert';
    headline = 'Could not verify the chain';
    detail = error;
  }

  return (
    <section className={`verification verification--${tone}`} aria-live="polite" aria-busy={checking || undefined}>
      <span className="verification__icon">
        <Icon name={icon} size={20} />
      </span>
      <div className="verification__text">
        <p className="verification__headline">{headline}</p>
        <p className="verification__detail">
          {detail}
          {checkedAt && !error ? ` Checked at ${clockTime(new Date(checkedAt).toISOString())}.` : ''}
        </p>
      </div>
      <button type="button" className="button button--secondary" disabled={checking || !online} onClick={() => void verifyLedger()}>
        {checking ? (
          <>
            <Spinner size={12} /> Verifying…
          </>
        ) : (
          <>
            <Icon name="refresh" size={14} /> Verify now
          </>
        )}
      </button>
    </section>
  );
}
