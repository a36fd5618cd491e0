/**
 * The few messages that cross between the Electron shell, its preload and the engine process.
 * Everything else (the engine API) goes over a MessagePort with the RPC in ../rpc.
 */
import type { ClientKind } from '../api/contract.js';

/** Sent by the shell to the engine's utilityProcess, with a MessagePort attached. */
export interface ClientPortMessage {
  readonly type: 'client-port';
  readonly client: ClientKind | 'shell';
}

/**
 * Sent by the shell when it wants the engine gone (quit, update). The engine stops its
 * scheduler, lets a step in flight finish, closes IMAP and the database, removes its host file
 * and exits 0. A signal cannot do this everywhere: on Windows `kill()` is TerminateProcess,
 * which runs no handler at all. The shell kills only an engine that has not exited in time.
 */
export interface EngineShutdownMessage {
  readonly type: 'shutdown';
}

/** Sent by the engine to the shell once its API is served. */
export interface EngineReadyMessage {
  readonly type: 'ready';
  /** Loopback address of the engine's HTTP API (for the CLI and a browser). */
  readonly apiUrl: string;
}

/**
 * Sent by the engine, before it exits, when it cannot run (database locked or corrupt, data
 * folder not writable...). The message is shown to the user as it is, so it says what they can
 * do. The engine also writes it, with the stack, to stderr (the shell's engine.log) first.
 */
export interface EngineFatalMessage {
  readonly type: 'fatal';
  readonly message: string;
}

export type ShellToEngineMessage = ClientPortMessage | EngineShutdownMessage;
export type EngineToShellMessage = EngineReadyMessage | EngineFatalMessage;

/** Command-line flags the shell passes to the engine entry. */
export const ENGINE_ARGS = {
  dataDir: '--data-dir',
  mode: '--mode',
  /**
   * Start with the kill switch on: used after the shell had to hard-stop an engine. The engine
   * persists the paused state before it posts `ready`, so a later plain restart stays paused.
   */
  startPaused: '--start-paused',
} as const;

/**
 * Files a running engine keeps in its data folder. The lock is held by the OS for the engine's
 * process and released when it dies, so no pid decides whether Steward runs. host.json names its
 * pid; the shell, which saw that very process exit, removes a host.json that still names it.
 */
export const ENGINE_RUN_FILES = {
  /** Address and token for `steward` commands (electron/host/host-file.ts). */
  hostInfo: 'host.json',
  /** One engine per data folder (electron/engine/db/data-dir-lock.ts). */
  lock: 'engine.lock',
} as const;

/** IPC channels between the preload and the main process. Main checks every sender. */
export const IPC = {
  /** main → preload: a MessagePort connected to the engine API. */
  enginePort: 'steward:engine-port',
  /** main → preload: a ShellEvent. */
  shellEvent: 'steward:shell-event',
  openSettings: 'steward:open-settings',
  hidePopover: 'steward:hide-popover',
  /** The popover's pause switch: through the shell's kill switch, which can hard-stop the engine. */
  pause: 'steward:pause',
  setLaunchAtLogin: 'steward:set-launch-at-login',
  quit: 'steward:quit',
  /** preload → main, answered (invoke): the OS folder picker; the chosen path or null. */
  chooseFolder: 'steward:choose-folder',
} as const;

/** window.postMessage type the preload uses to hand the engine port to the page. */
export const ENGINE_PORT_MESSAGE = 'steward:engine-port';

/** Settings pages a window may ask the shell to open. */
export const SETTINGS_PAGES = ['accounts', 'folders', 'permissions', 'rules', 'ledger', 'model', 'runs', 'interruptions', 'memory'] as const;
export type SettingsPageId = (typeof SETTINGS_PAGES)[number];

export function isSettingsPage(value: unknown): value is SettingsPageId {
  return typeof value === 'string' && (SETTINGS_PAGES as readonly string[]).includes(value);
}

/**
 * The engine as the shell sees it. The renderer must not wait on a dead engine: a MessagePort's
 * `close` event is not guaranteed to fire when the other process dies, so the shell says so.
 */
export type EngineAvailability =
  | { readonly kind: 'starting' }
  | { readonly kind: 'running' }
  /** It exited; the shell is starting a new one (backoff, hard stop). */
  | { readonly kind: 'restarting' }
  /** The shell gave up restarting it; `reason` says why, in words. */
  | { readonly kind: 'stopped'; readonly reason: string }
  /** Steward is quitting: the engine is being shut down on purpose. */
  | { readonly kind: 'quitting' };

/**
 * How Steward's window is shown. `popover`: frameless, next to the tray icon, hidden on blur.
 * `window`: an ordinary window, where the desktop has no tray to anchor to (GNOME without the
 * AppIndicator extension) or ignores positions and always-on-top (Wayland).
 */
export type WindowSurface = 'popover' | 'window';

/** What the shell tells its windows; the preload replays the latest state to a new listener. */
export interface ShellState {
  readonly engine: EngineAvailability;
  readonly surface: WindowSurface;
  /** Why there is no tray icon and how to get one, in words; null when the tray works. */
  readonly trayAdvice: string | null;
  /**
   * The kill switch's global shortcut when the OS confirmed it is bound; null otherwise
   * (taken by another app, or Wayland, where a bind cannot be confirmed). Never claim more.
   */
  readonly pauseShortcut: string | null;
  readonly launchAtLogin: { readonly available: boolean; readonly enabled: boolean };
}

export type ShellEvent =
  | { readonly type: 'state'; readonly state: ShellState }
  /** A notification was clicked: show this suggestion. */
  | { readonly type: 'show-suggestion'; readonly suggestionId: string };

/** What the preload exposes on window.stewardShell (desktop only; absent in a browser). */
export interface ShellBridge {
  readonly platform: string;
  /** Opens (or brings forward) Settings, on `page` when given. */
  openSettings(page?: SettingsPageId): void;
  hidePopover(): void;
  /**
   * Pauses through the shell's kill switch: if the engine does not acknowledge within 500 ms the
   * shell stops it by force and restarts it paused, so the switch works even when the engine hangs.
   */
  pause(): void;
  setLaunchAtLogin(enabled: boolean): void;
  quit(): void;
  /**
   * Shows the OS folder picker over the asking window (a new folder can be made in it).
   * Resolves to the chosen folder's full path, or null when the user cancelled.
   */
  chooseFolder(): Promise<string | null>;
  /**
   * Calls `listener` with every ShellEvent from now on, starting with the latest state (and a
   * `show-suggestion` that arrived before anyone listened). Returns the unsubscribe function.
   */
  onShellEvent(listener: (event: ShellEvent) => void): () => void;
}

/**
 * Every member of ShellBridge, sorted: what the preload must expose and nothing more. Tests of
 * the preload (here) and of the packaged app (where Electron runs) compare against this list,
 * and the check below fails the typecheck when the bridge gains a member it does not name, so
 * neither test can fall behind the bridge again.
 */
export const SHELL_BRIDGE_KEYS = ['chooseFolder', 'hidePopover', 'onShellEvent', 'openSettings', 'pause', 'platform', 'quit', 'setLaunchAtLogin'] as const satisfies readonly (keyof ShellBridge)[];
const bridgeKeysComplete: Exclude<keyof ShellBridge, (typeof SHELL_BRIDGE_KEYS)[number]> extends never ? true : never = true;
void bridgeKeysComplete;
