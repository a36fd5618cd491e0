import { useState } from 'react';
import type { Suggestion } from '@shared/domain/types';
import { Icon } from '../components/Icon';
import { Spinner } from '../components/Spinner';
import type { CardState, Operation } from '../state';
import { AgentOrigin } from './AgentOrigin';
import { composingStep, heldStep, queuedSend, recipientsOf, sendingNow } from './compose-plan';
import { FlagList } from './FlagList';
import { MessageEditor } from './MessageEditor';
import { PauseWait } from './PauseWait';
import { PlanStep } from './PlanStep';
import { SendCountdown, SendingNow } from './SendCountdown';
import { SourceChips } from './SourceChips';
import { UrgencyBadge } from './UrgencyBadge';
import { kindIcon } from './suggestion-kind';

interface SuggestionCardProps {
  readonly suggestion: Suggestion;
  readonly card: CardState | undefined;
  /** Why Approve cannot be pressed right now, in words; null when it can. */
  readonly approveBlocked: string | null;
  /** `send` only for a plan that composes a message: Send (true) or Save draft (false). */
  readonly onApprove: (options?: { readonly send?: boolean; readonly always?: boolean }) => void;
  readonly onDismiss: () => void;
  /** Saves a new text for the message the plan composes; rejects with the engine's words. */
  readonly onEdit: (body: string) => Promise<void>;
  /** Recalls a message waiting in the outbox, or cancels steps a pause holds. */
  readonly onUndo: () => void;
  readonly undo: Operation | undefined;
}

/**
 * A proposal waiting for the user: what, why, from where, the exact plan, anything that
 * deserves a second look, and the buttons. Focus the card itself for Enter (approve the plan as
 * it stands) and Backspace/Delete (dismiss). A plan that composes a message offers Edit, Save
 * draft and Send; a message waiting to be sent counts down with Undo.
 */
export function SuggestionCard({ suggestion, card, approveBlocked, onApprove, onDismiss, onEdit, onUndo, undo }: SuggestionCardProps) {
  const [editing, setEditing] = useState(false);
  const queued = queuedSend(suggestion);
  const sending = sendingNow(suggestion);
  const held = heldStep(suggestion);
  const message = composingStep(suggestion);
  const approving = card?.kind === 'approving' || (suggestion.status === 'running' && !queued && !sending && !held);
  const dismissing = card?.kind === 'dismissing';
  const busy = approving || dismissing || editing;
  const titleId = `suggestion-${suggestion.id}-title`;
  const whyId = `suggestion-${suggestion.id}-why`;
  const blockedId = `suggestion-${suggestion.id}-blocked`;
  const sendNoteId = `suggestion-${suggestion.id}-send-note`;
  const alwaysNoteId = `suggestion-${suggestion.id}-always-note`;

  return (
    <article
      className="card"
      tabIndex={0}
      data-card-id={suggestion.id}
      aria-labelledby={titleId}
      aria-describedby={whyId}
      aria-busy={approving || dismissing || undefined}
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
      <SourceChips sources={suggestion.sources} total={suggestion.sourceCount} />
      {suggestion.interruption?.decision === 'held' ? (
        <p className="card__held">
          <Icon name="clock" size={12} />
          <span>{capitalise(suggestion.interruption.reason)}</span>
        </p>
      ) : null}

      <ol className="plan" aria-label="What Steward would do">
        {suggestion.actions.map((action, index) =>
          editing && action.id === message?.id && action.preview.kind === 'draft' ? (
            <li key={action.id} className="plan-step">
              <MessageEditor
                initialBody={action.preview.body}
                to={recipientsOf(action)}
                onCancel={() => setEditing(false)}
                onSave={async (body) => {
                  await onEdit(body);
                  setEditing(false);
                }}
              />
            </li>
          ) : (
            <PlanStep key={action.id} action={action} index={index} />
          ),
        )}
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
      {undo?.error ? (
        <p className="card__error" role="alert">
          <Icon name="alert" size={14} />
          <span>{undo.error}</span>
        </p>
      ) : null}

      {queued ? (
        <SendCountdown action={queued} undo={undo} onUndo={onUndo} />
      ) : sending ? (
        <SendingNow />
      ) : held ? (
        <PauseWait undo={undo} onCancel={onUndo} />
      ) : (
        <div className="card__actions">
          {message ? (
            <>
              <button
                type="button"
                className="button button--primary"
                disabled={busy || approveBlocked !== null}
                aria-describedby={approveBlocked ? blockedId : sendNoteId}
                onClick={() => onApprove({ send: false })}
              >
                {approving ? (
                  <>
                    <Spinner size={12} /> Saving…
                  </>
                ) : (
                  'Save draft'
                )}
              </button>
              <button
                type="button"
                className="button button--secondary"
                disabled={busy || approveBlocked !== null}
                aria-describedby={approveBlocked ? blockedId : sendNoteId}
                onClick={() => onApprove({ send: true })}
              >
                Send
              </button>
              <button type="button" className="button button--ghost" disabled={busy} onClick={() => setEditing(true)}>
                Edit
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button button--primary"
              disabled={busy || approveBlocked !== null}
              aria-describedby={approveBlocked ? blockedId : undefined}
              onClick={() => onApprove()}
            >
              {approving ? (
                <>
                  <Spinner size={12} /> Approving…
                </>
              ) : (
                'Approve'
              )}
            </button>
          )}
          {!message && suggestion.origin.kind === 'detector' && suggestion.actions.length > 0 ? (
            <>
              <button
                type="button"
                className="button button--ghost"
                disabled={busy || approveBlocked !== null}
                aria-describedby={alwaysNoteId}
                title="Approve, and make a rule: plans like this one run without asking"
                onClick={() => onApprove({ always: true })}
              >
                Always do this
              </button>
              <span id={alwaysNoteId} className="visually-hidden">
                Approves this and makes a rule: plans like it run without asking. See Settings, Rules.
              </span>
            </>
          ) : null}
          <button type="button" className="button button--secondary" disabled={busy} onClick={onDismiss}>
            {dismissing ? 'Dismissing…' : 'Dismiss'}
          </button>
          {approveBlocked ? (
            <span id={blockedId} className="card__blocked">
              {approveBlocked}
            </span>
          ) : (
            <span className="card__keys" aria-hidden="true">
              <kbd>↵</kbd> {message ? 'save draft' : 'approve'} · <kbd>⌫</kbd> dismiss
            </span>
          )}
        </div>
      )}
      {message && !queued && !sending ? (
        <p id={sendNoteId} className="send-note">
          Send mails it to {recipientsOf(message)} in your name; you can still undo it for a few seconds. Save draft only puts it in Drafts.
        </p>
      ) : null}
    </article>
  );
}

/** "held: quiet hours" → "Held: quiet hours". */
function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
