import type { Suggestion } from '@shared/domain/types';
import { Icon } from '../components/Icon';
import { Spinner } from '../components/Spinner';
import type { Operation } from '../state';
import { heldStep, queuedSend, sendingNow } from './compose-plan';
import { PauseWait } from './PauseWait';
import { PlanStep } from './PlanStep';
import { SendCountdown, SendingNow } from './SendCountdown';

interface SuggestionOutcomeProps {
  readonly suggestion: Suggestion;
  readonly undo: Operation | undefined;
  readonly onUndo: () => void;
  readonly onClose: () => void;
}

/**
 * A suggestion the user approved in this window, showing what each step did, with Undo. A
 * message waiting in the outbox counts down ("Sending in 8 s · Undo") until it leaves.
 */
export function SuggestionOutcome({ suggestion, undo, onUndo, onClose }: SuggestionOutcomeProps) {
  const { tone, icon, headline } = describe(suggestion);
  const queued = queuedSend(suggestion);
  const sending = sendingNow(suggestion);
  const held = heldStep(suggestion);
  const canUndo = !queued && !held && suggestion.actions.some((action) => action.canUndo);
  const titleId = `outcome-${suggestion.id}-title`;
  return (
    <article className={`card card--outcome card--${tone}`} tabIndex={0} data-card-id={suggestion.id} aria-labelledby={titleId}>
      <header className="card__head">
        <span className={`card__icon card__icon--${tone}`}>
          <Icon name={icon} size={16} />
        </span>
        <h2 id={titleId} className="card__title">
          <span className="card__outcome">{headline}</span> {suggestion.title}
        </h2>
      </header>
      <ol className="plan plan--outcome">
        {suggestion.actions.map((action, index) => (
          <PlanStep key={action.id} action={action} index={index} outcome />
        ))}
      </ol>
      {undo?.error ? (
        <p className="card__error" role="alert">
          <Icon name="alert" size={14} />
          <span>{undo.error}</span>
        </p>
      ) : null}
      {queued ? <SendCountdown action={queued} undo={undo} onUndo={onUndo} /> : sending ? <SendingNow /> : held ? <PauseWait undo={undo} onCancel={onUndo} /> : null}
      <div className="card__actions">
        {canUndo ? (
          <button type="button" className="button button--secondary" disabled={undo?.busy} onClick={onUndo}>
            {undo?.busy ? (
              <>
                <Spinner size={12} /> Undoing…
              </>
            ) : (
              <>
                <Icon name="undo" size={14} /> Undo
              </>
            )}
          </button>
        ) : null}
        <button type="button" className="button button--ghost" onClick={onClose}>
          Close
        </button>
      </div>
    </article>
  );
}

function describe(suggestion: Suggestion): { tone: 'ok' | 'attention' | 'quiet'; icon: 'check' | 'alert' | 'undo' | 'clock'; headline: string } {
  if (queuedSend(suggestion) || sendingNow(suggestion)) return { tone: 'quiet', icon: 'clock', headline: 'Sending:' };
  if (heldStep(suggestion)) return { tone: 'quiet', icon: 'clock', headline: 'Waiting:' };
  if (suggestion.actions.some((a) => a.status === 'cancelled' && a.capability === 'email.send' && a.error?.startsWith('Recalled'))) {
    return { tone: 'quiet', icon: 'undo', headline: 'Recalled:' };
  }
  // The user said "Don't run" to what a pause held: nothing failed.
  if (suggestion.actions.some((a) => a.status === 'cancelled' && a.error?.startsWith('Cancelled while Steward was paused'))) {
    return { tone: 'quiet', icon: 'undo', headline: 'Cancelled:' };
  }
  const failed = suggestion.actions.filter((a) => a.status === 'failed' || a.status === 'interrupted' || a.status === 'cancelled');
  if (suggestion.status === 'undone' || suggestion.actions.every((a) => a.status === 'undone')) {
    return { tone: 'quiet', icon: 'undo', headline: 'Undone:' };
  }
  if (failed.length === suggestion.actions.length) return { tone: 'attention', icon: 'alert', headline: 'Failed:' };
  if (failed.length > 0) return { tone: 'attention', icon: 'alert', headline: 'Partly done:' };
  return { tone: 'ok', icon: 'check', headline: 'Done:' };
}
