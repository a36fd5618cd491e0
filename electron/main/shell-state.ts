/**
 * What the shell tells its windows (ShellEvent in shared/shell/protocol.ts): the engine's
 * availability, the window surface, tray advice, the confirmed pause shortcut, start at login;
 * and one-off requests such as "show this suggestion".
 *
 * The state goes to every window whose page has loaded, again to a page each time it loads, and
 * whenever it changes. A request to a window still loading waits for the load: sent earlier,
 * it could reach a page that has no listener yet.
 */
import type { WebContents } from 'electron';
import { IPC, type ShellEvent, type ShellState } from '../../shared/shell/protocol.js';

export interface StateWindow {
  isDestroyed(): boolean;
  readonly webContents: Pick<WebContents, 'send' | 'isLoading' | 'isDestroyed'> & {
    on(event: 'did-finish-load', listener: () => void): unknown;
  };
}

export class ShellStateBroadcaster<W extends StateWindow = StateWindow> {
  readonly #windows: { all(): readonly W[] };
  readonly #pending = new Map<W, ShellEvent[]>();
  #state: ShellState;

  constructor(initial: ShellState, windows: { all(): readonly W[] }) {
    this.#state = initial;
    this.#windows = windows;
  }

  get state(): ShellState {
    return this.#state;
  }

  /** Call once per window, before its page loads. */
  track(window: W): void {
    window.webContents.on('did-finish-load', () => {
      this.#send(window, { type: 'state', state: this.#state });
      for (const event of this.#pending.get(window)?.splice(0) ?? []) this.#send(window, event);
      this.#pending.delete(window);
    });
  }

  update(patch: Partial<ShellState>): void {
    const next = { ...this.#state, ...patch };
    if (JSON.stringify(next) === JSON.stringify(this.#state)) return;
    this.#state = next;
    for (const window of this.#windows.all()) {
      if (!window.isDestroyed() && !window.webContents.isLoading()) this.#send(window, { type: 'state', state: next });
    }
  }

  /** A one-off event for one window, delivered once its page has loaded. */
  sendTo(window: W, event: ShellEvent): void {
    if (window.isDestroyed()) return;
    if (window.webContents.isLoading()) {
      this.#pending.set(window, [...(this.#pending.get(window) ?? []), event]);
      return;
    }
    this.#send(window, event);
  }

  #send(window: W, event: ShellEvent): void {
    if (window.isDestroyed() || window.webContents.isDestroyed()) return;
    window.webContents.send(IPC.shellEvent, event);
  }
}
