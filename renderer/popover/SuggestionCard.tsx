import type { Suggestion } from '@shared/domain/types';
import { Icon } from '../components/Icon';
import { Spinner } from '../components/Spinner';
import type { CardState } from '../state';
import { AgentOrigin } from './AgentOrigin';
import { FlagList } from './FlagList';
import { PlanStep } from './PlanStep';
import { SourceChips } from './SourceChips';
import { UrgencyBadge } from './UrgencyBadge';
import { kindIcon } from './suggestion-kind';

interface SuggestionCardProps {
  readonly suggestion: Suggestion;
  readonly card: CardState | undefined;
  /** Why Approve cannot be pressed right now, in words; null when it can. */
  readonly approveBlocked: string | null;
  readonly onApprove: () => void;
  readonly onDismiss: () => void;
}

/**
 * A proposal waiting for the user: what, why, from where, the exact plan, anything that
 * deserves a second look, and the buttons. Focus the card itself for Enter (approve) and
 * Backspace/Delete (dismiss).
 */
export function SuggestionCard({ suggestion, card, approveBlocked, onApprove, onDismiss }: SuggestionCardProps) {
  const approving = card?.kind === 'approving' || suggestion.status === 'running';
  const dismissing = card?.kind === 'dismissing';
  const busy = approving || dismissing;
  const titleId = `suggestion-${suggestion.id}-title`;
  const whyId = `suggestion-${suggestion.id}-why`;
  const blockedId = `suggestion-${suggestion.id}-blocked`;

  return (
    <article
      className="card"
      tabIndex={0}
      data-card-id={suggestion.id}
      aria-labelledby={titleId}
      aria-describedby={whyId}
      aria-busy={busy || undefined}
      aria-keyshortcuts="Enter Backspace Delete"
    >
      <header className="card__head">
        <span className="card__icon">
          <Icon name={kindIcon(suggestion.kind)} size={16} />
        </span>
        <h2 id={titleId} className="card__title">
          {suggestion.title}
        </h2>
        <UrgencyBadge urgency={suggestion.urgency} />
      </header>
      <p id={whyId} className="card__why">
        {suggestion.why}
      </p>
      <AgentOrigin suggestion={suggestion} />
      <SourceChips sources={suggestion.sources} />
      {suggestion.interruption?.decision === 'held' ? (
        <p className="card__held">
          <Icon name="clock" size={12} />
          <span>{capitalise(suggestion.interruption.reason)}</span>
        </p>
      ) : null}

      <ol className="plan" aria-label="What Steward would do">
        {suggestion.actions.map((action, index) => (
          <PlanStep key={action.id} action={action} index={index} />
        ))}
      </ol>

      <FlagList flags={suggestion.flags} />

      {card?.kind === 'failed' ? (
        <p className="card__error" role="alert">
          <Icon name="alert" size={14} />
          <span>
            <strong>{card.op === 'approve' ? 'Not done. ' : 'Not dismissed. '}</strong>
            {card.message}
          </span>
        </p>
      ) : null}

      <div className="card__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={busy || approveBlocked !== null}
          aria-describedby={approveBlocked ? blockedId : undefined}
          onClick={onApprove}
        >
          {approving ? (
            <>
              <Spinner size={12} /> Approving…
            </>
          ) : (
            'Approve'
          )}
        </button>
        <button type="button" className="button button--secondary" disabled={busy} onClick={onDismiss}>
          {dismissing ? 'Dismissing…' : 'Dismiss'}
        </button>
        {approveBlocked ? (
          <span id={blockedId} className="card__blocked">
            {approveBlocked}
          </span>
        ) : (
          <span className="card__keys" aria-hidden="true">
            <kbd>↵</kbd> approve · <kbd>⌫</kbd> dismiss
          </span>
        )}
      </div>
    </article>
  );
}

/** "held: quiet hours" → "Held: quiet hours". */
function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
