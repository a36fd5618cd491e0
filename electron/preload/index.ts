/**
 * The preload of every Steward window. Sandboxed and bundled to one CommonJS file: it can
 * reach nothing but a few Electron renderer APIs, and it exposes exactly two things to the page:
 *
 * - the engine's MessagePort, posted to the page as `{ type: ENGINE_PORT_MESSAGE }` with the
 *   port in `event.ports[0]` (again after every engine restart, so the page must replace its
 *   client each time one arrives);
 * - `window.stewardShell` (ShellBridge): the platform and four requests to the shell.
 *
 * Nothing else crosses: no ipcRenderer, no Node, no generic "send any channel" function.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { ENGINE_PORT_MESSAGE, IPC, type ShellBridge } from '../../shared/shell/protocol.js';

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

const shellBridge: ShellBridge = {
  platform: process.platform,
  openSettings: () => ipcRenderer.send(IPC.openSettings),
  hidePopover: () => ipcRenderer.send(IPC.hidePopover),
  pause: () => ipcRenderer.send(IPC.pause),
  quit: () => ipcRenderer.send(IPC.quit),
};

contextBridge.exposeInMainWorld('stewardShell', shellBridge);
