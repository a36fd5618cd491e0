/**
 * The tray icon and its menu. A left click toggles the popover; the menu (Open, Pause or
 * Resume, Settings, Quit) is the way in where tray clicks are unreliable: most Linux desktops
 * show tray icons through AppIndicator, which never reports a click and only opens the menu.
 *
 * Takes a factory for the Tray itself (as Signal's SystemTrayService does) so tests drive a
 * fake one.
 */
import { Menu, nativeImage } from 'electron';
import type { MenuItemConstructorOptions, NativeImage, Rectangle, Tray } from 'electron';
import { join } from 'node:path';

export type EngineHealth = 'starting' | 'running' | 'restarting' | 'failed';

export interface TrayState {
  readonly paused: boolean;
  readonly engine: EngineHealth;
  /**
   * The kill switch's global shortcut, shown beside Pause; null if it could not be registered
   * or its bind cannot be confirmed (Wayland): the menu never shows a shortcut that may not work.
   */
  readonly killSwitchAccelerator: string | null;
  /** Start at login: null where it cannot be offered (development builds). */
  readonly launchAtLogin: boolean | null;
  /** A downloaded update's version, offered as "Restart to Update"; null when there is none. */
  readonly updateVersion: string | null;
  /** True while "Restart to Update" waits for a running action to finish. */
  readonly updateWaiting: boolean;
}

export interface TrayActions {
  togglePopover(trayBounds?: Rectangle): void;
  openPopover(): void;
  pause(): void;
  resume(): void;
  openSettings(): void;
  restartEngine(): void;
  setLaunchAtLogin(enabled: boolean): void;
  restartToUpdate(): void;
  quit(): void;
}

export function trayStatusLine(state: TrayState): string {
  if (state.engine === 'failed') return 'Engine stopped: Steward is not running';
  if (state.paused) return 'Paused: Steward will not act';
  if (state.engine === 'starting') return 'Starting…';
  if (state.engine === 'restarting') return 'Engine restarting…';
  return 'Watching';
}

export function trayTooltip(state: TrayState): string {
  return `Steward: ${trayStatusLine(state)}`;
}

export function trayMenuTemplate(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  const pauseOrResume: MenuItemConstructorOptions = state.paused
    ? { id: 'resume', label: 'Resume Steward', enabled: state.engine === 'running', click: () => actions.resume() }
    : {
        // Always enabled: pausing while the engine is down makes it start paused.
        id: 'pause',
        label: 'Pause Steward',
        click: () => actions.pause(),
        ...(state.killSwitchAccelerator
          ? { accelerator: state.killSwitchAccelerator, registerAccelerator: false }
          : {}),
      };
  return [
    { id: 'status', label: trayStatusLine(state), enabled: false },
    { type: 'separator' },
    { id: 'open', label: 'Open Steward', click: () => actions.openPopover() },
    pauseOrResume,
    ...(state.engine === 'failed'
      ? [{ id: 'restart-engine', label: 'Restart Engine', click: () => actions.restartEngine() } satisfies MenuItemConstructorOptions]
      : []),
    { type: 'separator' },
    { id: 'settings', label: 'Settings…', click: () => actions.openSettings() },
    ...(state.launchAtLogin === null
      ? []
      : [
          {
            id: 'launch-at-login',
            label: 'Start at Login',
            type: 'checkbox',
            checked: state.launchAtLogin,
            click: (item) => actions.setLaunchAtLogin(item.checked),
          } satisfies MenuItemConstructorOptions,
        ]),
    ...(state.updateVersion === null
      ? []
      : [
          state.updateWaiting
            ? ({ id: 'update', label: `Update ${state.updateVersion}: waiting for an action to finish…`, enabled: false } satisfies MenuItemConstructorOptions)
            : ({ id: 'update', label: `Restart to Update to ${state.updateVersion}`, click: () => actions.restartToUpdate() } satisfies MenuItemConstructorOptions),
        ]),
    { type: 'separator' },
    { id: 'quit', label: 'Quit Steward', click: () => actions.quit() },
  ];
}

export interface TrayIcons {
  readonly active: NativeImage;
  readonly paused: NativeImage;
}

/**
 * macOS gets template images (black with alpha, which the menu bar tints for light and dark);
 * Windows and Linux panels can be any colour, so they get the coloured mark, with a red dot
 * when paused.
 */
export function trayIconFiles(platform: NodeJS.Platform): { readonly active: string; readonly paused: string } {
  return platform === 'darwin'
    ? { active: 'trayTemplate.png', paused: 'trayPausedTemplate.png' }
    : { active: 'tray.png', paused: 'tray-paused.png' };
}

/** nativeImage picks up the @2x files next to these by itself. */
export function loadTrayIcons(dir: string, platform: NodeJS.Platform, log: (message: string) => void = console.warn): TrayIcons {
  const files = trayIconFiles(platform);
  const load = (file: string): NativeImage => {
    const image = nativeImage.createFromPath(join(dir, file));
    if (image.isEmpty()) log(`[steward] tray icon ${join(dir, file)} is missing or unreadable; the tray will show a blank icon.`);
    if (platform === 'darwin') image.setTemplateImage(true);
    return image;
  };
  return { active: load(files.active), paused: load(files.paused) };
}

export type TrayLike = Pick<
  Tray,
  'setImage' | 'setToolTip' | 'setContextMenu' | 'popUpContextMenu' | 'on' | 'getBounds' | 'destroy' | 'setIgnoreDoubleClickEvents'
>;

export interface SystemTrayOptions {
  readonly createTray: (icon: NativeImage) => TrayLike;
  readonly icons: TrayIcons;
  readonly actions: TrayActions;
  readonly platform: NodeJS.Platform;
  readonly initialState: TrayState;
}

export class SystemTray {
  readonly #tray: TrayLike;
  readonly #options: SystemTrayOptions;
  #state: TrayState;
  #menu: Menu | null = null;

  constructor(options: SystemTrayOptions) {
    this.#options = options;
    this.#state = options.initialState;
    this.#tray = options.createTray(this.#iconFor(this.#state));
    if (options.platform === 'darwin') {
      // Without this macOS waits to see whether a click is a double click: the popover lags.
      this.#tray.setIgnoreDoubleClickEvents(true);
      // On macOS a context menu set on the tray swallows the left click, so show it by hand.
      this.#tray.on('right-click', () => {
        if (this.#menu) this.#tray.popUpContextMenu(this.#menu);
      });
    }
    this.#tray.on('click', (_event, bounds) => options.actions.togglePopover(bounds));
    this.#render();
  }

  get state(): TrayState {
    return this.#state;
  }

  setState(patch: Partial<TrayState>): void {
    this.#state = { ...this.#state, ...patch };
    this.#render();
  }

  /** Where the icon is, when the platform says (not on most Linux desktops). */
  bounds(): Rectangle | undefined {
    const bounds = this.#tray.getBounds();
    return bounds.width > 0 && bounds.height > 0 ? bounds : undefined;
  }

  destroy(): void {
    this.#tray.destroy();
  }

  #iconFor(state: TrayState): NativeImage {
    return state.paused ? this.#options.icons.paused : this.#options.icons.active;
  }

  #render(): void {
    this.#menu = Menu.buildFromTemplate(trayMenuTemplate(this.#state, this.#options.actions));
    this.#tray.setImage(this.#iconFor(this.#state));
    this.#tray.setToolTip(trayTooltip(this.#state));
    // Linux only picks up menu changes when the menu is set again.
    if (this.#options.platform !== 'darwin') this.#tray.setContextMenu(this.#menu);
  }
}
