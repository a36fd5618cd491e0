import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { Suggestion } from '@shared/domain/types';
import { useSteward, useStewardActions, type CardState } from '../state';
import { CaughtUpState } from './CaughtUpState';
import { ListError, LoadingCards } from './ListPlaceholders';
import { SuggestionCard } from './SuggestionCard';
import { SuggestionOutcome } from './SuggestionOutcome';

/** "Show this suggestion" (a clicked notification); `serial` makes a repeat of the same id count. */
export interface FocusRequest {
  readonly suggestionId: string;
  readonly serial: number;
}

type Item =
  | { readonly kind: 'open'; readonly suggestion: Suggestion }
  | { readonly kind: 'settled'; readonly suggestion: Suggestion };

/**
 * The *For you* tab. Arrow keys move between cards, Enter approves the focused card,
 * Backspace or Delete dismisses it; approved cards stay in place showing their outcome.
 */
export function SuggestionList({ focusRequest = null }: { focusRequest?: FocusRequest | null }) {
  const suggestions = useSteward((state) => state.suggestions);
  const cards = useSteward((state) => state.cards);
  const undos = useSteward((state) => state.undos);
  const paused = useSteward((state) => state.status.data?.paused ?? false);
  const online = useSteward((state) => state.link.kind === 'open');
  const actions = useStewardActions();
  const listRef = useRef<HTMLDivElement>(null);

  const items = mergeItems(suggestions.data ?? [], cards);
  const approveBlocked = paused ? 'Resume to approve' : online ? null : 'Waiting to reconnect';

  const cardElements = () => Array.from(listRef.current?.querySelectorAll<HTMLElement>('[data-card-id]') ?? []);
  const focusCardAt = (index: number) => {
    const elements = cardElements();
    const target = elements[Math.min(index, elements.length - 1)];
    target?.focus();
  };
  const focusCard = (id: string) => {
    cardElements()
      .find((element) => element.dataset.cardId === id)
      ?.focus();
  };

  // A notification was clicked: bring its card into view and focus it, or say it is gone.
  const loaded = suggestions.data !== null;
  const handled = useRef(0);
  useEffect(() => {
    if (!focusRequest || !loaded || handled.current === focusRequest.serial) return;
    handled.current = focusRequest.serial;
    const card = Array.from(listRef.current?.querySelectorAll<HTMLElement>('[data-card-id]') ?? []).find(
      (element) => element.dataset.cardId === focusRequest.suggestionId,
    );
    if (card) {
      card.scrollIntoView({ block: 'nearest' });
      card.focus();
    } else {
      actions.announce('That suggestion is no longer waiting: it was handled or withdrawn.');
    }
  }, [focusRequest, loaded, actions]);

  const approve = (id: string, options?: { readonly send?: boolean }) => {
    void actions.approve(id, options).then(() => requestAnimationFrame(() => focusCard(id)));
  };
  const dismiss = (id: string) => {
    const index = cardElements().findIndex((element) => element.dataset.cardId === id);
    void actions.dismiss(id).then(() => requestAnimationFrame(() => focusCardAt(Math.max(0, index))));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const cardElement = target.closest<HTMLElement>('[data-card-id]');
    if (!cardElement) return;
    const elements = cardElements();
    const index = elements.indexOf(cardElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const next = elements[index + (event.key === 'ArrowDown' ? 1 : -1)];
      if (next) next.focus();
      event.preventDefault();
      return;
    }
    if (event.key === 'Home' || event.key === 'End') {
      (event.key === 'Home' ? elements[0] : elements.at(-1))?.focus();
      event.preventDefault();
      return;
    }
    // Enter and Delete act on the card only when the card itself has focus, never on a
    // button or link inside it.
    if (target !== cardElement) return;
    const id = cardElement.dataset.cardId;
    const item = items.find((candidate) => candidate.suggestion.id === id);
    if (!id || item?.kind !== 'open') return;
    const card = cards[id];
    // A message waiting to be sent (or steps waiting for a resume) has only Undo, not approve or dismiss.
    const busy = card?.kind === 'approving' || card?.kind === 'dismissing' || item.suggestion.actions.some((a) => a.status === 'scheduled' || a.status === 'held');
    if (event.key === 'Enter' && !busy && approveBlocked === null) {
      event.preventDefault();
      approve(id);
    } else if ((event.key === 'Backspace' || event.key === 'Delete') && !busy) {
      event.preventDefault();
      dismiss(id);
    }
  };

  if (suggestions.data === null) {
    return suggestions.error ? <ListError message={suggestions.error} onRetry={() => void actions.refresh('suggestions')} /> : <LoadingCards />;
  }
  if (items.length === 0) return <CaughtUpState />;

  return (
    <div ref={listRef} className="card-list" role="list" aria-label="Suggestions" onKeyDown={onKeyDown}>
      {suggestions.error ? <p className="list-note">Could not refresh: {suggestions.error}</p> : null}
      {items.map((item) => (
        <div role="listitem" key={item.suggestion.id}>
          {item.kind === 'settled' ? (
            <SuggestionOutcome
              suggestion={item.suggestion}
              undo={undos[item.suggestion.id]}
              onUndo={() => void actions.undo(item.suggestion.id)}
              onClose={() => {
                const index = cardElements().findIndex((element) => element.dataset.cardId === item.suggestion.id);
                actions.acknowledge(item.suggestion.id);
                requestAnimationFrame(() => focusCardAt(Math.max(0, index)));
              }}
            />
          ) : (
            <SuggestionCard
              suggestion={item.suggestion}
              card={cards[item.suggestion.id]}
              approveBlocked={approveBlocked}
              onApprove={(options) => approve(item.suggestion.id, options)}
              onDismiss={() => dismiss(item.suggestion.id)}
              onEdit={(body) => actions.editMessage(item.suggestion.id, item.suggestion.revision, body)}
              onUndo={() => void actions.undo(item.suggestion.id)}
              undo={undos[item.suggestion.id]}
            />
          )}
        </div>
      ))}
    </div>
  );
}

/** Open suggestions from the engine, with the cards approved here kept where they were. */
function mergeItems(open: readonly Suggestion[], cards: Readonly<Record<string, CardState>>): Item[] {
  const settled = Object.values(cards)
    .filter((card): card is Extract<CardState, { kind: 'settled' }> => card.kind === 'settled')
    .sort((a, b) => a.position - b.position);
  const settledIds = new Set(settled.map((card) => card.suggestion.id));
  const items: Item[] = open.filter((s) => !settledIds.has(s.id)).map((suggestion) => ({ kind: 'open', suggestion }));
  for (const card of settled) {
    items.splice(Math.min(card.position, items.length), 0, { kind: 'settled', suggestion: card.suggestion });
  }
  return items;
}
