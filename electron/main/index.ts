/**
 * The Electron shell's entry: what must happen before Electron is ready (the data folder, the
 * app:// scheme, the single-instance lock), then startShell (shell.ts) with the real process.
 *
 * Environment:
 * - STEWARD_DATA_DIR: use this folder instead of the OS's app data folder (tests, a
 *   second profile). The single-instance lock is per folder.
 * - ELECTRON_RENDERER_URL: set by `electron-vite dev` to its dev server; ignored when packaged.
 * - STEWARD_UPDATES=off: never check for updates (an installed app checks its feed otherwise).
 *
 * On Linux the app's identity (Wayland app id, the desktop portal's app id for the global
 * shortcut) is `desktopName` in package.json, which Electron reads before this file runs.
 */
import { app, dialog } from 'electron';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { registerAppScheme } from './app-protocol.js';
import type { UpdaterLike } from './auto-update.js';
import { startShell } from './shell.js';
import { detectTrayHost } from './tray-host.js';
import { hardenWebContents } from './web-security.js';

const userDataOverride = process.env.STEWARD_DATA_DIR;
if (userDataOverride) app.setPath('userData', userDataOverride);

// Before 'ready', or Electron ignores it.
registerAppScheme();

async function loadUpdater(): Promise<UpdaterLike | null> {
  if (!app.isPackaged || process.env.STEWARD_UPDATES === 'off') return null;
  // Only a release build has a feed (build/electron-builder.release.yml writes app-update.yml).
  if (!existsSync(join(process.resourcesPath, 'app-update.yml'))) return null;
  // Loaded only here: electron-updater reads app-update.yml, which only an installed app has.
  const { default: updater } = await import('electron-updater');
  return updater.autoUpdater;
}

if (!app.requestSingleInstanceLock()) {
  // Another Steward owns this data folder; it shows itself on 'second-instance'.
  app.quit();
} else {
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => undefined);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app
    .whenReady()
    .then(() =>
      startShell({
        platform: process.platform,
        env: process.env,
        argv: process.argv,
        mainDir: import.meta.dirname,
        homeDir: homedir(),
        execPath: process.execPath,
        resourcesPath: process.resourcesPath,
        detectTrayHost: () => detectTrayHost(process.platform),
        loadUpdater,
      }),
    )
    .catch((error: unknown) => {
      dialog.showErrorBox(
        'Steward could not start',
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n\nTry starting Steward again. If this keeps happening, reinstall it.`,
      );
      app.exit(1);
    });
}
