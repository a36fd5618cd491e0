/**
 * Desktop notifications for new suggestions. Whether a suggestion deserves one (urgency, quiet
 * hours, the interruption budget) is the engine's call: `suggestion.created` carries its verdict
 * as `interrupt`. Clicking the notification opens that suggestion.
 *
 * Per OS:
 * - Windows: a toast clicked in the Action Center after its banner timed out reaches no
 *   Notification object (it may be long collected, or the app restarted): only
 *   `Notification.handleActivation` hears it, with the toast's launch arguments. So the toast
 *   is written as XML whose `launch` names the suggestion (the same `type=click&tag=` form
 *   Electron's own activator parses), and the shell registers the activation handler.
 * - macOS: Electron ≥ 42 posts through UNNotification, which an unsigned build is not allowed
 *   to use; the `failed` event then says so, and is logged rather than swallowed (signing and
 *   notarization: build/electron-builder.yml).
 * - Linux: libnotify; `urgency` is honoured, never 'critical' (it breaks through Do Not Disturb).
 */
import { Notification } from 'electron';
import type { ActivationArguments, NotificationConstructorOptions } from 'electron';
import type { EngineEvent } from '../../shared/api/events.js';

type CreatedSuggestion = Extract<EngineEvent, { type: 'suggestion.created' }>['suggestion'];

/** Notification id (macOS identifier, Windows tag) of a suggestion's notification. */
const ID_PREFIX = 'steward-suggestion-';

export function notificationIdFor(suggestionId: string): string {
  return `${ID_PREFIX}${suggestionId}`;
}

/** The suggestion a Windows activation is about, from its launch arguments; null if none. */
export function suggestionIdFromActivation(details: Pick<ActivationArguments, 'arguments'>): string | null {
  for (const pair of details.arguments.split('&')) {
    const [key, value] = pair.split('=');
    if (key === 'tag' && value?.startsWith(ID_PREFIX) && value.length > ID_PREFIX.length) return value.slice(ID_PREFIX.length);
  }
  return null;
}

function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c] ?? ''};`);
}

/**
 * A ToastGeneric toast whose body click carries `type=click&tag=<id>`: Electron's activator then
 * passes it to handleActivation, and to the Notification object if it is still alive.
 */
export function windowsToastXml(suggestion: Pick<CreatedSuggestion, 'id' | 'title' | 'why'>): string {
  const launch = xmlEscape(`type=click&tag=${notificationIdFor(suggestion.id)}`);
  return (
    `<toast launch="${launch}" activationType="foreground">` +
    `<visual><binding template="ToastGeneric">` +
    `<text>${xmlEscape(suggestion.title)}</text><text>${xmlEscape(suggestion.why)}</text>` +
    `</binding></visual></toast>`
  );
}

export interface SuggestionNotifierOptions {
  /** Show this suggestion (the popover, For you, the card focused). */
  open(suggestionId: string): void;
  readonly platform: NodeJS.Platform;
  readonly icon?: string;
  readonly log?: (message: string) => void;
}

export class SuggestionNotifier {
  readonly #options: SuggestionNotifierOptions;
  /**
   * Shown notifications, kept referenced until clicked or closed: once garbage-collected, a
   * notification's click no longer reaches its object on Windows and macOS.
   */
  readonly #shown = new Set<Notification>();

  constructor(options: SuggestionNotifierOptions) {
    this.#options = options;
  }

  /**
   * Windows only: clicks on toasts no object hears any more (Action Center, after a restart).
   * Registered once at startup; Electron replays an activation that launched the app.
   */
  handleActivations(): void {
    if (this.#options.platform !== 'win32') return;
    Notification.handleActivation((details) => {
      const id = suggestionIdFromActivation(details);
      if (id) this.#options.open(id);
    });
  }

  /**
   * Feed it every engine event; it acts on `suggestion.created` when the engine says to
   * interrupt, and on the summary of what waited while the user was away.
   */
  handle(event: EngineEvent): void {
    if (event.type === 'suggestion.created' && event.suggestion.interrupt) this.notify(event.suggestion);
    if (event.type === 'interruptions.summary' && event.suggestionIds[0]) {
      this.notify({ id: event.suggestionIds[0], title: 'While you were away', why: awaySummary(event.titles), urgency: 'normal', interrupt: true });
    }
  }

  notify(suggestion: CreatedSuggestion): void {
    if (!Notification.isSupported()) {
      this.#log(`[steward] desktop notifications are not supported here; "${suggestion.title}" waits in the popover.`);
      return;
    }
    const notification = new Notification(this.#notificationOptions(suggestion));
    this.#shown.add(notification);
    const forget = (): void => {
      this.#shown.delete(notification);
    };
    notification.on('click', () => {
      forget();
      this.#options.open(suggestion.id);
    });
    notification.on('close', forget);
    notification.on('failed', (_event, error) => {
      forget();
      this.#log(`[steward] the notification for "${suggestion.title}" could not be shown: ${error}.${this.#failureHint()}`);
    });
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

  #notificationOptions(suggestion: CreatedSuggestion): NotificationConstructorOptions {
    const common: NotificationConstructorOptions = {
      id: notificationIdFor(suggestion.id),
      title: suggestion.title,
      body: suggestion.why,
      // Never 'critical': on Linux that stays on screen and breaks through Do Not Disturb.
      urgency: suggestion.urgency === 'low' ? 'low' : 'normal',
      ...(this.#options.icon ? { icon: this.#options.icon } : {}),
    };
    return this.#options.platform === 'win32' ? { ...common, toastXml: windowsToastXml(suggestion) } : common;
  }

  #failureHint(): string {
    if (this.#options.platform === 'darwin') {
      return ' On macOS only a signed app may post notifications: sign and notarize the build (build/electron-builder.yml), and allow Steward in System Settings → Notifications.';
    }
    if (this.#options.platform === 'win32') {
      return ' Check that notifications are on for Steward in Settings → System → Notifications, and that Steward was installed (its Start menu shortcut carries the app id toasts need).';
    }
    return '';
  }

  #log(message: string): void {
    (this.#options.log ?? console.warn)(message);
  }
}

/** "3 suggestions wait for you: Reply to Bob, Archive 4 newsletters and 1 more." */
export function awaySummary(titles: readonly string[]): string {
  const shown = titles.slice(0, 2);
  const more = titles.length - shown.length;
  const list = more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(' and ');
  return `${titles.length === 1 ? '1 suggestion waits' : `${titles.length} suggestions wait`} for you: ${list}.`;
}
