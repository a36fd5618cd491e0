/**
 * Desktop notifications for new suggestions. Whether a suggestion deserves one (urgency, quiet
 * hours, the interruption budget) is the engine's call: `suggestion.created` carries its verdict
 * as `interrupt`. Clicking the notification opens the popover.
 */
import { Notification } from 'electron';
import type { EngineEvent } from '../../shared/api/events.js';

type CreatedSuggestion = Extract<EngineEvent, { type: 'suggestion.created' }>['suggestion'];

export interface SuggestionNotifierOptions {
  /** Show the popover (the suggestion is at the top of For you). */
  open(suggestionId: string): void;
  readonly icon?: string;
}

export class SuggestionNotifier {
  readonly #options: SuggestionNotifierOptions;
  /**
   * Shown notifications, kept referenced until clicked or closed: once garbage-collected, a
   * notification's click no longer reaches us on Windows and macOS.
   */
  readonly #shown = new Set<Notification>();

  constructor(options: SuggestionNotifierOptions) {
    this.#options = options;
  }

  /** Feed it every engine event; it acts on `suggestion.created` when the engine says to interrupt. */
  handle(event: EngineEvent): void {
    if (event.type === 'suggestion.created' && event.suggestion.interrupt) this.notify(event.suggestion);
  }

  notify(suggestion: CreatedSuggestion): void {
    if (!Notification.isSupported()) return;
    const notification = new Notification({
      title: suggestion.title,
      body: suggestion.why,
      // Never 'critical': on Linux that stays on screen and breaks through Do Not Disturb.
      urgency: suggestion.urgency === 'low' ? 'low' : 'normal',
      ...(this.#options.icon ? { icon: this.#options.icon } : {}),
    });
    this.#shown.add(notification);
    const forget = (): void => {
      this.#shown.delete(notification);
    };
    notification.on('click', () => {
      forget();
      this.#options.open(suggestion.id);
    });
    notification.on('close', forget);
    notification.on('failed', forget);
    notification.show();
  }

  /** Notifications still on screen (for tests and for closing them at quit). */
  get pending(): number {
    return this.#shown.size;
  }

  closeAll(): void {
    for (const notification of this.#shown) notification.close();
    this.#shown.clear();
  }
}
