/**
 * The renderer's one API client. The transport is chosen once, at startup: inside the desktop
 * app the preload exposes `window.stewardShell` and hands over a MessagePort to the engine; in
 * a browser the page was served by `steward host` and talks to it over a WebSocket.
 */
// First, before anything else loads zod: no eval probe under the pages' CSP.
import './zod-without-eval';
import type { ShellBridge } from '@shared/shell/protocol';
import type { EngineLink } from './engine-link';
import { createDesktopLink } from './desktop-link';
import { createWebSocketLink } from './websocket-link';

export type { EngineLink, LinkState, Transport } from './engine-link';
export { pageHrefWithToken } from './access-token';
export { onShowSuggestion, shellState, startShellEvents, subscribeShellState } from './shell-events';

declare global {
  interface Window {
    readonly stewardShell?: ShellBridge;
  }
}

export function desktopShell(): ShellBridge | null {
  return window.stewardShell ?? null;
}

export function openEngineLink(): EngineLink {
  return desktopShell() ? createDesktopLink() : createWebSocketLink();
}
