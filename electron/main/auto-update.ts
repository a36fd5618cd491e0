/**
 * Updates through electron-updater, from the feed electron-builder's `publish` setting names
 * (see build/electron-builder.yml for how a release feed is set). Steward acts on the user's
 * mail, so an update must never land in the middle of an action:
 *
 * - electron-updater never installs by itself (`autoInstallOnAppQuit` off): the shell installs
 *   only after its own quit path has shut the engine down (a step in flight finishes, IMAP and
 *   the database close), so nothing of Steward's is running when the installer replaces it;
 * - "Restart to Update" first asks the engine whether an approved step is waiting or running,
 *   and waits until none is.
 *
 * Only an installed (packaged) app checks; development builds have no feed.
 */
import type { AppUpdater, UpdateDownloadedEvent } from 'electron-updater';
import type { EngineApi } from '../../shared/api/contract.js';

export type UpdaterLike = Pick<AppUpdater, 'autoDownload' | 'autoInstallOnAppQuit' | 'checkForUpdates' | 'quitAndInstall' | 'on'>;

export type UpdateState =
  | { readonly kind: 'none' }
  | { readonly kind: 'downloaded'; readonly version: string }
  /** The user asked to restart; an action is still running, so it waits. */
  | { readonly kind: 'waiting-for-actions'; readonly version: string }
  | { readonly kind: 'installing'; readonly version: string };

export const CHECK_EVERY_MS = 6 * 60 * 60_000;
export const ACTIONS_RECHECK_MS = 15_000;

/**
 * Whether the engine has a step approved or running. Engine down: nothing can be running. The
 * question failing while the engine is up: assume something is, and wait.
 */
export async function engineHasActionsInFlight(api: Pick<EngineApi, 'listSuggestions'> | null): Promise<boolean> {
  if (!api) return false;
  try {
    const open = await api.listSuggestions({ include: 'open' });
    return open.some((suggestion) => suggestion.status === 'running' || suggestion.actions.some((action) => action.status === 'approved' || action.status === 'running'));
  } catch {
    return true;
  }
}

export interface AutoUpdateOptions {
  readonly updater: UpdaterLike;
  actionsInFlight(): Promise<boolean>;
  /** Quit through the shell's quit path (engine shut down first), which then calls `installAfterEngineStopped`. */
  quitToInstall(): void;
  onChange(state: UpdateState): void;
  readonly checkEveryMs?: number;
  readonly recheckMs?: number;
  readonly log?: (message: string) => void;
}

export class AutoUpdate {
  readonly #options: AutoUpdateOptions;
  #state: UpdateState = { kind: 'none' };
  #relaunch = false;
  #checkTimer: NodeJS.Timeout | null = null;
  #waitTimer: NodeJS.Timeout | null = null;

  constructor(options: AutoUpdateOptions) {
    this.#options = options;
  }

  get state(): UpdateState {
    return this.#state;
  }

  start(): void {
    const { updater } = this.#options;
    updater.autoDownload = true;
    // Never behind the shell's back: it installs once the engine has shut down (see above).
    updater.autoInstallOnAppQuit = false;
    updater.on('update-downloaded', (event: UpdateDownloadedEvent) => this.#set({ kind: 'downloaded', version: event.version }));
    updater.on('error', (error: Error) => this.#log(`[steward] update check failed: ${error.message}`));
    this.#check();
    this.#checkTimer = setInterval(() => this.#check(), this.#options.checkEveryMs ?? CHECK_EVERY_MS);
  }

  /** The user chose "Restart to Update". Resolves to what happened. */
  async restartToUpdate(): Promise<'restarting' | 'waiting' | 'nothing-to-install'> {
    const state = this.#state;
    if (state.kind === 'none' || state.kind === 'installing') return 'nothing-to-install';
    if (await this.#options.actionsInFlight()) {
      this.#set({ kind: 'waiting-for-actions', version: state.version });
      this.#waitTimer ??= setTimeout(() => {
        this.#waitTimer = null;
        void this.restartToUpdate();
      }, this.#options.recheckMs ?? ACTIONS_RECHECK_MS);
      return 'waiting';
    }
    this.#set({ kind: 'installing', version: state.version });
    this.#relaunch = true;
    this.#options.quitToInstall();
    return 'restarting';
  }

  /**
   * From the shell's quit path, once the engine has exited. Installs a downloaded update (the
   * app is quitting anyway) and returns true; the caller must then not quit by itself.
   */
  installAfterEngineStopped(): boolean {
    const state = this.#state;
    if (state.kind === 'none') return false;
    this.stop();
    this.#set({ kind: 'installing', version: state.version });
    this.#options.updater.quitAndInstall(true, this.#relaunch);
    return true;
  }

  stop(): void {
    if (this.#checkTimer) clearInterval(this.#checkTimer);
    if (this.#waitTimer) clearTimeout(this.#waitTimer);
    this.#checkTimer = null;
    this.#waitTimer = null;
  }

  #check(): void {
    this.#options.updater.checkForUpdates().catch((error: unknown) => {
      this.#log(`[steward] update check failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  #set(state: UpdateState): void {
    this.#state = state;
    this.#options.onChange(state);
  }

  #log(message: string): void {
    (this.#options.log ?? console.warn)(message);
  }
}
