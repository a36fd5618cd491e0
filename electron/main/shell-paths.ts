/**
 * Where the shell finds what it loads. The build puts the shell, the engine, the preload and
 * the renderer side by side under out/ (see electron.vite.config.ts); icons come from build/
 * in development and from the app's resources folder once packaged (electron-builder copies
 * them there, see build/electron-builder.yml).
 */
import { join } from 'node:path';

export interface ShellPaths {
  /** The engine's utilityProcess entry (out/main/engine.js). */
  readonly engineEntry: string;
  readonly preload: string;
  readonly rendererRoot: string;
  readonly trayIconsDir: string;
  readonly appIcon: string;
}

export interface ShellLocation {
  /** The folder of the built shell, out/main. */
  readonly mainDir: string;
  /** app.getAppPath(): the project folder in development. */
  readonly appPath: string;
  readonly isPackaged: boolean;
  /** process.resourcesPath. */
  readonly resourcesPath: string;
}

export function shellPaths({ mainDir, appPath, isPackaged, resourcesPath }: ShellLocation): ShellPaths {
  const assets = isPackaged ? resourcesPath : join(appPath, 'build');
  return {
    engineEntry: join(mainDir, 'engine.js'),
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    rendererRoot: join(mainDir, '..', 'renderer'),
    trayIconsDir: join(assets, 'tray'),
    appIcon: join(assets, 'icon.png'),
  };
}
