/**
 * Electron's security checklist, applied in one place: the preferences every window gets, and
 * the hardening every webContents and the session get. Our pages show mail bodies and file
 * names written by strangers, so a renderer is treated as something that may be compromised:
 * it gets no Node, no navigation, no new windows and no permissions.
 */
import type { Session, WebContents, WebPreferences } from 'electron';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  };
}

type HardenableContents = Pick<WebContents, 'setWindowOpenHandler' | 'on'>;

/**
 * Our pages never open windows or navigate: the UI is two single-page apps. Anything that
 * tries (a link in a rendered mail, an injected script) is stopped here. Applied from
 * app 'web-contents-created', so it covers every webContents, ours or not.
 */
export function hardenWebContents(contents: HardenableContents, log: (message: string) => void = console.warn): void {
  contents.setWindowOpenHandler(({ url }) => {
    log(`[steward] refused to open a window for ${url}`);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    log(`[steward] refused navigation to ${url}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('[steward] refused to attach a <webview>');
  });
}

type HardenableSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>;

/** Camera, microphone, notifications, geolocation, clipboard reads...: the UI needs none. */
export function hardenSession(session: HardenableSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
