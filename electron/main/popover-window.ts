/**
 * Steward's main window: one window, created hidden at startup so that a click shows a page
 * that has already loaded. Two surfaces (see desktop-plan.ts):
 * - `popover`: frameless, placed next to the tray icon, hidden again when it loses focus;
 * - `window`: an ordinary framed window the desktop places, for desktops where a popover
 *   cannot work (no tray icon to anchor to, or Wayland, which ignores positions).
 * Closing it only hides it in both: Steward keeps watching until the user quits.
 */
import { BrowserWindow, screen } from 'electron';
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import type { WindowSurface } from '../../shared/shell/protocol.js';
import { popoverPosition, type Size } from './popover-position.js';
import { secureWebPreferences } from './web-security.js';

export const POPOVER_SIZE: Size = { width: 400, height: 600 };
/** A little taller as a window: the title bar takes some of it. */
export const APP_WINDOW_SIZE: Size = { width: 420, height: 660 };

/**
 * Clicking the tray icon while the popover is open first blurs the popover (which hides it),
 * then delivers the click (which would show it again). A click this soon after a blur-hide is
 * that same click, and means "close".
 */
export const REOPEN_GUARD_MS = 300;

export interface WindowLook {
  readonly preloadPath: string;
  /** Painted before the page, so a dark desktop does not see a white flash. */
  readonly backgroundColor: string;
  readonly icon?: string;
}

export function popoverWindowOptions(look: WindowLook, surface: WindowSurface = 'popover'): BrowserWindowConstructorOptions {
  if (surface === 'window') {
    return {
      ...APP_WINDOW_SIZE,
      minWidth: 360,
      minHeight: 480,
      title: 'Steward',
      show: false,
      autoHideMenuBar: true,
      backgroundColor: look.backgroundColor,
      ...(look.icon ? { icon: look.icon } : {}),
      webPreferences: secureWebPreferences(look.preloadPath),
    };
  }
  return {
    ...POPOVER_SIZE,
    title: 'Steward',
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    backgroundColor: look.backgroundColor,
    ...(look.icon ? { icon: look.icon } : {}),
    webPreferences: secureWebPreferences(look.preloadPath),
  };
}

export interface PopoverOptions extends WindowLook {
  readonly url: string;
  readonly platform: NodeJS.Platform;
  readonly surface?: WindowSurface;
  readonly now?: () => number;
  readonly log?: (message: string) => void;
}

export class PopoverWindow {
  readonly window: BrowserWindow;
  readonly surface: WindowSurface;
  readonly #platform: NodeJS.Platform;
  readonly #now: () => number;
  #hiddenOnBlurAt = Number.NEGATIVE_INFINITY;
  #quitting = false;

  constructor(options: PopoverOptions) {
    this.#platform = options.platform;
    this.surface = options.surface ?? 'popover';
    this.#now = options.now ?? Date.now;
    const log = options.log ?? console.error;
    this.window = new BrowserWindow(popoverWindowOptions(options, this.surface));
    if (this.surface === 'popover') {
      if (this.#platform === 'darwin') {
        // Open over full-screen apps and on whichever Space the user is in, like a menu.
        this.window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
      }
      this.window.on('blur', () => {
        if (!this.window.isVisible() || this.window.webContents.isDevToolsOpened()) return;
        this.#hiddenOnBlurAt = this.#now();
        this.window.hide();
      });
    }
    // The popover lives as long as the app: closing it (Alt+F4, Cmd+W) only hides it.
    this.window.on('close', (event) => {
      if (this.#quitting) return;
      event.preventDefault();
      this.window.hide();
    });
    this.window.loadURL(options.url).catch((error: unknown) => {
      log(`[steward] the popover page did not load from ${options.url}: ${String(error)}. Run "npm run build" and start again.`);
    });
  }

  /** Tray click: show next to the icon, or hide if it is showing (a window: if it is in front). */
  toggle(trayBounds?: Rectangle): void {
    const showing = this.surface === 'popover' ? this.window.isVisible() : this.window.isVisible() && this.window.isFocused();
    if (showing) {
      this.hide();
      return;
    }
    if (this.#now() - this.#hiddenOnBlurAt < REOPEN_GUARD_MS) return;
    this.show(trayBounds);
  }

  show(trayBounds?: Rectangle): void {
    if (this.window.isDestroyed()) return;
    if (this.surface === 'window') {
      if (this.window.isMinimized()) this.window.restore();
      this.window.show();
      this.window.focus();
      return;
    }
    const cursor = screen.getCursorScreenPoint();
    const usableTray = trayBounds && trayBounds.width > 0 && trayBounds.height > 0 ? trayBounds : null;
    const display = usableTray ? screen.getDisplayMatching(usableTray) : screen.getDisplayNearestPoint(cursor);
    const { x, y } = popoverPosition({
      size: POPOVER_SIZE,
      display: { bounds: display.bounds, workArea: display.workArea },
      trayBounds: usableTray,
      cursor,
      platform: this.#platform,
    });
    this.window.setBounds({ x, y, ...POPOVER_SIZE });
    this.window.show();
    this.window.focus();
  }

  hide(): void {
    if (!this.window.isDestroyed()) this.window.hide();
  }

  isVisible(): boolean {
    return !this.window.isDestroyed() && this.window.isVisible();
  }

  /** Lets the window really close: call from app 'before-quit'. */
  allowClose(): void {
    this.#quitting = true;
  }
}
