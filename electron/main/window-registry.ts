/**
 * The windows the shell itself created. IPC trusts only their webContents (see ipc.ts), and
 * the engine connection hands each of them a port (see engine-connections.ts).
 */
import type { BrowserWindow } from 'electron';

/** The part of BrowserWindow the registry needs; tests pass a small fake. */
export type OwnWindow = Pick<BrowserWindow, 'isDestroyed' | 'once'> & {
  readonly webContents: Pick<BrowserWindow['webContents'], 'id'>;
};

export class WindowRegistry<W extends OwnWindow = BrowserWindow> {
  readonly #windows = new Map<number, W>();
  readonly #listeners = new Set<(window: W) => void>();

  add(window: W): W {
    const id = window.webContents.id;
    this.#windows.set(id, window);
    window.once('closed', () => this.#windows.delete(id));
    for (const listener of this.#listeners) listener(window);
    return window;
  }

  hasWebContents(webContentsId: number): boolean {
    const window = this.#windows.get(webContentsId);
    return window !== undefined && !window.isDestroyed();
  }

  all(): W[] {
    return [...this.#windows.values()].filter((window) => !window.isDestroyed());
  }

  /** Called for every window added from now on. */
  onAdded(listener: (window: W) => void): void {
    this.#listeners.add(listener);
  }
}
