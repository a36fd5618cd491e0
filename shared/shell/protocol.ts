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

/** Sent by the engine to the shell once its API is served. */
export interface EngineReadyMessage {
  readonly type: 'ready';
  /** Loopback address of the engine's HTTP API (for the CLI and a browser). */
  readonly apiUrl: string;
}

/**
 * Sent by the engine, before it exits, when it cannot run (database locked or corrupt, data
 * folder not writable...). The message is shown to the user as it is, so it says what they can
 * do. Optional: an engine that just crashes is restarted all the same.
 */
export interface EngineFatalMessage {
  readonly type: 'fatal';
  readonly message: string;
}

export type ShellToEngineMessage = ClientPortMessage;
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

/** IPC channels between the preload and the main process. Main checks every sender. */
export const IPC = {
  /** main → preload: a MessagePort connected to the engine API. */
  enginePort: 'steward:engine-port',
  openSettings: 'steward:open-settings',
  hidePopover: 'steward:hide-popover',
  /** The popover's pause switch: through the shell's kill switch, which can hard-stop the engine. */
  pause: 'steward:pause',
  quit: 'steward:quit',
} as const;

/** window.postMessage type the preload uses to hand the engine port to the page. */
export const ENGINE_PORT_MESSAGE = 'steward:engine-port';

/** What the preload exposes on window.stewardShell (desktop only; absent in a browser). */
export interface ShellBridge {
  readonly platform: string;
  openSettings(): void;
  hidePopover(): void;
  /**
   * Pauses through the shell's kill switch: if the engine does not acknowledge within 500 ms the
   * shell stops it by force and restarts it paused, so the switch works even when the engine hangs.
   */
  pause(): void;
  quit(): void;
}
