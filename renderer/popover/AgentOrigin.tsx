import type { Suggestion } from '@shared/domain/types';
import { Icon } from '../components/Icon';

/**
 * Under the card's why: that Steward's model proposed this, and its one-line reason (or, for a
 * digest or a brief, what it wrote), and how much of what it read came from others.
 */
export function AgentOrigin({ suggestion }: { suggestion: Suggestion }) {
  const origin = suggestion.origin;
  if (origin.kind !== 'agent') return null;
  const read = origin.untrustedItemIds.length;
  if (origin.note) {
    return (
      <div className="card__note" aria-label="What Steward's model wrote">
        {origin.note}
      </div>
    );
  }
  // When the why already is the model's reason, the line only says whose it is.
  const reason = origin.reason === suggestion.why ? null : origin.reason;
  return (
    <p className="card__reason">
      <Icon name="sparkle" size={12} />
      <span>
        {reason ? (
          <>
            <span className="visually-hidden">Proposed by Steward’s model: </span>
            {reason}
          </>
        ) : (
          'Proposed by Steward’s model'
        )}
        {read > 0 ? <span className="card__reason-read"> · after reading {read === 1 ? '1 item' : `${read} items`} others wrote</span> : null}
      </span>
    </p>
  );
}
