/**
 * The preload of every Steward window. Sandboxed and bundled to one CommonJS file: it can
 * reach nothing but a few Electron renderer APIs, and it exposes exactly two things to the page:
 *
 * - the engine's MessagePort, posted to the page as `{ type: ENGINE_PORT_MESSAGE }` with the
 *   port in `event.ports[0]` (again after every engine restart, so the page must replace its
 *   client each time one arrives); a port cannot cross the context bridge, a postMessage can;
 * - `window.stewardShell` (ShellBridge): the platform, a few requests to the shell (one answered:
 *   the folder picker's choice), and the
 *   shell's events (the engine going down, the window surface, "show this suggestion").
 *
 * Nothing else crosses: no ipcRenderer, no Node, no generic "send any channel" function.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { ENGINE_PORT_MESSAGE, IPC, isSettingsPage, type ShellBridge, type ShellEvent } from '../../shared/shell/protocol.js';

/**
 * Resolves once the page's own scripts have run and could listen. The shell sends the port
 * when the page has loaded, but a port that arrives earlier (a reload racing an engine
 * restart) must wait rather than be posted to nobody.
 */
function pageLoaded(): Promise<void> {
  if (document.readyState === 'complete') return Promise.resolve();
  return new Promise((resolve) => window.addEventListener('load', () => resolve(), { once: true }));
}

ipcRenderer.on(IPC.enginePort, (event) => {
  const [port] = event.ports;
  if (!port) return;
  void pageLoaded().then(() => {
    // Posted to this same window: the page checks event.source === window.
    window.postMessage({ type: ENGINE_PORT_MESSAGE }, '*', [port]);
  });
});

/** Only the shapes the protocol defines reach the page. */
function asShellEvent(value: unknown): ShellEvent | null {
  if (typeof value !== 'object' || value === null) return null;
  const event = value as { type?: unknown; state?: unknown; suggestionId?: unknown };
  if (event.type === 'state' && typeof event.state === 'object' && event.state !== null) return value as ShellEvent;
  if (event.type === 'show-suggestion' && typeof event.suggestionId === 'string') return value as ShellEvent;
  return null;
}

const listeners = new Set<(event: ShellEvent) => void>();
/** The latest state, replayed to each new listener. */
let latestState: Extract<ShellEvent, { type: 'state' }> | null = null;
/** Requests that came before anyone listened (a notification clicked while the page loads). */
const undelivered: ShellEvent[] = [];

ipcRenderer.on(IPC.shellEvent, (_event, payload: unknown) => {
  const event = asShellEvent(payload);
  if (!event) return;
  if (event.type === 'state') latestState = event;
  else if (listeners.size === 0) undelivered.push(event);
  for (const listener of listeners) listener(event);
});

const shellBridge: ShellBridge = {
  platform: process.platform,
  openSettings: (page) => ipcRenderer.send(IPC.openSettings, isSettingsPage(page) ? page : undefined),
  hidePopover: () => ipcRenderer.send(IPC.hidePopover),
  pause: () => ipcRenderer.send(IPC.pause),
  setLaunchAtLogin: (enabled) => ipcRenderer.send(IPC.setLaunchAtLogin, enabled === true),
  quit: () => ipcRenderer.send(IPC.quit),
  // Only a string or null reaches the page, whatever came back.
  chooseFolder: async () => {
    const chosen: unknown = await ipcRenderer.invoke(IPC.chooseFolder);
    return typeof chosen === 'string' && chosen !== '' ? chosen : null;
  },
  onShellEvent(listener) {
    listeners.add(listener);
    if (latestState) listener(latestState);
    for (const event of undelivered.splice(0)) listener(event);
    return () => {
      listeners.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld('stewardShell', shellBridge);
