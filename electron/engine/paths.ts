import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Steward';

/**
 * The OS's app-data folder for Steward, the same one Electron's app.getPath('userData') gives
 * the desktop app, so the CLI and the desktop app share one data folder by default.
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (env.STEWARD_DATA_DIR) return env.STEWARD_DATA_DIR;
  switch (platform) {
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', APP_NAME);
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
    default:
      return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
  }
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'steward.db');
}
