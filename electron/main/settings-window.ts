/**
 * The settings window: created when first asked for, never more than one; asking again brings
 * the existing one to the front.
 */
import { BrowserWindow } from 'electron';
import type { BrowserWindowConstructorOptions } from 'electron';
import type { WindowLook } from './popover-window.js';
import { secureWebPreferences } from './web-security.js';

export const SETTINGS_SIZE = { width: 900, height: 640 } as const;

export function settingsWindowOptions(look: WindowLook): BrowserWindowConstructorOptions {
  return {
    ...SETTINGS_SIZE,
    minWidth: 720,
    minHeight: 480,
    title: 'Steward Settings',
    show: false,
    autoHideMenuBar: true,
    backgroundColor: look.backgroundColor,
    ...(look.icon ? { icon: look.icon } : {}),
    webPreferences: secureWebPreferences(look.preloadPath),
  };
}

export interface SettingsOptions {
  readonly url: string;
  /** Read at each creation, so the background follows a theme change. */
  look(): WindowLook;
  /** Registers the new window (IPC trust, engine port). */
  onCreated(window: BrowserWindow): void;
  readonly log?: (message: string) => void;
}

export class SettingsWindow {
  readonly #options: SettingsOptions;
  #window: BrowserWindow | null = null;

  constructor(options: SettingsOptions) {
    this.#options = options;
  }

  get window(): BrowserWindow | null {
    return this.#window && !this.#window.isDestroyed() ? this.#window : null;
  }

  open(): BrowserWindow {
    const existing = this.window;
    if (existing) {
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return existing;
    }
    const window = new BrowserWindow(settingsWindowOptions(this.#options.look()));
    this.#window = window;
    window.once('closed', () => {
      if (this.#window === window) this.#window = null;
    });
    window.once('ready-to-show', () => {
      window.show();
      window.focus();
    });
    this.#options.onCreated(window);
    const log = this.#options.log ?? console.error;
    window.loadURL(this.#options.url).catch((error: unknown) => {
      log(`[steward] the settings page did not load from ${this.#options.url}: ${String(error)}. Run "npm run build" and start again.`);
    });
    return window;
  }

  close(): void {
    this.window?.close();
  }
}
