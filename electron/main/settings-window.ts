/**
 * The settings window: created when first asked for, never more than one; asking again brings
 * the existing one to the front (on the page asked for, if any).
 */
import { BrowserWindow } from 'electron';
import type { BrowserWindowConstructorOptions } from 'electron';
import type { SettingsPageId } from '../../shared/shell/protocol.js';
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

/** settings.html, with `?page=` when a page is asked for (the settings app reads it at start). */
export function settingsUrl(base: string, page?: SettingsPageId): string {
  if (!page) return base;
  const url = new URL(base);
  url.searchParams.set('page', page);
  return url.toString();
}

export interface SettingsOptions {
  readonly url: string;
  /** Read at each creation, so the background follows a theme change. */
  look(): WindowLook;
  /** Registers the new window (IPC trust, engine port). */
  onCreated(window: BrowserWindow): void;
  /** The window was shown: bring the app forward (macOS: Dock icon and focus). */
  onShown?(window: BrowserWindow): void;
  /** The window is gone (macOS: hide the Dock icon again). */
  onClosed?(): void;
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

  /**
   * Opens Settings or brings it forward. Asking for a page while it is open reloads it on that
   * page: the user followed a link ("the full ledger") and expects to land there.
   */
  open(page?: SettingsPageId): BrowserWindow {
    const existing = this.window;
    if (existing) {
      if (page) this.#load(existing, page);
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      this.#options.onShown?.(existing);
      return existing;
    }
    const window = new BrowserWindow(settingsWindowOptions(this.#options.look()));
    this.#window = window;
    window.once('closed', () => {
      if (this.#window === window) this.#window = null;
      this.#options.onClosed?.();
    });
    window.once('ready-to-show', () => {
      window.show();
      window.focus();
      this.#options.onShown?.(window);
    });
    this.#options.onCreated(window);
    this.#load(window, page);
    return window;
  }

  close(): void {
    this.window?.close();
  }

  #load(window: BrowserWindow, page: SettingsPageId | undefined): void {
    const url = settingsUrl(this.#options.url, page);
    const log = this.#options.log ?? console.error;
    window.loadURL(url).catch((error: unknown) => {
      log(`[steward] the settings page did not load from ${url}: ${String(error)}. Run "npm run build" and start again.`);
    });
  }
}
