/**
 * The kill switch: stop all agent activity now, from the tray or a global shortcut.
 *
 * It asks the engine to pause and gives it PAUSE_ACK_TIMEOUT_MS to confirm. An engine that is
 * busy, wedged, or waiting on the model or the network does not get to make the user wait:
 * past the deadline it is killed outright and started again paused (see
 * EngineSupervisor.hardStop). Nothing here awaits anything without that deadline.
 */
import { globalShortcut } from 'electron';
import type { EngineApi } from '../../shared/api/contract.js';
import type { EngineStatus } from '../../shared/domain/types.js';

/**
 * The global shortcut, first one free wins: P for pause, K for kill switch. Nothing with
 * Escape: Ctrl+Shift+Esc is Windows' Task Manager, Cmd+Option(+Shift)+Esc macOS' Force Quit,
 * Ctrl+Alt+Esc KDE's xkill.
 */
export const KILL_SWITCH_ACCELERATORS = ['CommandOrControl+Alt+Shift+P', 'CommandOrControl+Alt+Shift+K'] as const;

export const PAUSE_ACK_TIMEOUT_MS = 500;

export type PauseSource = 'tray' | 'shortcut' | 'popover';

export type PauseOutcome =
  | { readonly kind: 'acknowledged'; readonly status: EngineStatus }
  | { readonly kind: 'hard-stopped'; readonly reason: string };

export interface KillSwitchOptions {
  /** The shell's API client, or null while no engine is connected. */
  api(): Pick<EngineApi, 'pause'> | null;
  /** Kill the engine and start it again paused. */
  hardStop(): void;
  readonly timeoutMs?: number;
  readonly log?: (message: string) => void;
}

type Settled<T> =
  | { readonly kind: 'resolved'; readonly value: T }
  | { readonly kind: 'rejected'; readonly error: unknown }
  | { readonly kind: 'timeout' };

/** Settles with whatever happens first; the late promise's outcome is dropped, never unhandled. */
export function settleWithin<T>(promise: Promise<T>, ms: number): Promise<Settled<T>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'timeout' }), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve({ kind: 'resolved', value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ kind: 'rejected', error });
      },
    );
  });
}

export class KillSwitch {
  readonly #options: KillSwitchOptions;
  #inFlight: Promise<PauseOutcome> | null = null;

  constructor(options: KillSwitchOptions) {
    this.#options = options;
  }

  /** Pauses; a press while one is in flight joins it rather than starting another. */
  pause(source: PauseSource): Promise<PauseOutcome> {
    this.#inFlight ??= this.#pause(source).finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async #pause(source: PauseSource): Promise<PauseOutcome> {
    const timeoutMs = this.#options.timeoutMs ?? PAUSE_ACK_TIMEOUT_MS;
    const api = this.#options.api();
    let reason: string;
    if (!api) {
      reason = 'no engine is connected';
    } else {
      const settled = await settleWithin(api.pause({ reason: `Kill switch (${source})` }), timeoutMs);
      if (settled.kind === 'resolved' && settled.value.paused) return { kind: 'acknowledged', status: settled.value };
      reason =
        settled.kind === 'timeout'
          ? `the engine did not confirm the pause within ${timeoutMs} ms`
          : settled.kind === 'rejected'
            ? `the pause call failed: ${settled.error instanceof Error ? settled.error.message : String(settled.error)}`
            : 'the engine answered but did not report itself paused';
    }
    (this.#options.log ?? console.warn)(`[steward] kill switch (${source}): ${reason}; stopping the engine and restarting it paused.`);
    this.#options.hardStop();
    return { kind: 'hard-stopped', reason };
  }
}

/**
 * Registers the first free accelerator for `onPress`. Returns it, or null when every one is
 * taken by another app (the tray menu still pauses).
 */
export function registerKillSwitchShortcut(
  onPress: () => void,
  accelerators: readonly string[] = KILL_SWITCH_ACCELERATORS,
): string | null {
  for (const accelerator of accelerators) {
    try {
      if (globalShortcut.register(accelerator, onPress)) return accelerator;
    } catch {
      // An accelerator this platform cannot express: try the next.
    }
  }
  return null;
}
