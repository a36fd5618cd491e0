/**
 * What the desktop shell tells this window (see ShellEvent in shared/shell/protocol.ts), kept
 * as a tiny store React can subscribe to: the latest shell state, and "show this suggestion"
 * requests from clicked notifications. In a browser there is no shell: the state stays null.
 */
import type { ShellState } from '@shared/shell/protocol';

let state: ShellState | null = null;
const stateListeners = new Set<() => void>();
let suggestionHandler: ((suggestionId: string) => void) | null = null;
let pendingSuggestion: string | null = null;
let started = false;

/** Subscribes to the shell once; the preload replays the latest state at once. */
export function startShellEvents(): void {
  const shell = window.stewardShell;
  if (started || !shell) return;
  started = true;
  shell.onShellEvent((event) => {
    if (event.type === 'state') {
      state = event.state;
      for (const listener of stateListeners) listener();
    } else if (suggestionHandler) {
      suggestionHandler(event.suggestionId);
    } else {
      pendingSuggestion = event.suggestionId;
    }
  });
}

export function shellState(): ShellState | null {
  return state;
}

export function subscribeShellState(listener: () => void): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

/** One handler at a time (the popover); a request that came before it is handed over at once. */
export function onShowSuggestion(handler: (suggestionId: string) => void): () => void {
  suggestionHandler = handler;
  if (pendingSuggestion) {
    const id = pendingSuggestion;
    pendingSuggestion = null;
    handler(id);
  }
  return () => {
    if (suggestionHandler === handler) suggestionHandler = null;
  };
}
