/**
 * The only place the shell touches ipcMain. Every message is checked here, once: it must come
 * from the top frame of one of our own windows, showing a page of our own origin, on a channel
 * we know. A page that navigated away, an iframe, or a webContents we did not create is refused
 * and logged. Using ipcMain anywhere else is a bug (ipc.test.ts fails on it).
 */
import { ipcMain } from 'electron';
import type { IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import { IPC } from '../../shared/shell/protocol.js';

/** Channels the preload sends on. The engine port goes the other way and is not listed. */
export type ShellChannel = typeof IPC.openSettings | typeof IPC.hidePopover | typeof IPC.quit | typeof IPC.pause | typeof IPC.setLaunchAtLogin;

const SHELL_CHANNELS: ReadonlySet<string> = new Set<ShellChannel>([IPC.openSettings, IPC.hidePopover, IPC.quit, IPC.pause, IPC.setLaunchAtLogin]);

/** Channels the preload invokes and awaits an answer on. */
export type ShellInvokeChannel = typeof IPC.chooseFolder;

const SHELL_INVOKE_CHANNELS: ReadonlySet<string> = new Set<ShellInvokeChannel>([IPC.chooseFolder]);

export interface SenderPolicy {
  /** True for the webContents of a window the shell created. */
  isOwnWebContents(webContentsId: number): boolean;
  /** Origins our pages are served from: app://steward, plus the dev server in development. */
  readonly trustedOrigins: ReadonlySet<string>;
}

export type IpcSender = Pick<IpcMainEvent, 'sender' | 'senderFrame'>;

/**
 * scheme://host[:port] of a URL. URL.origin cannot be used: for a custom scheme like app://
 * it is the opaque "null" in Node, which would match any other opaque origin.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
  } catch {
    return null;
  }
}

/** Why a sender is refused, or null when it is one of ours. */
export function senderRejection(event: IpcSender, policy: SenderPolicy): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone (navigated or closed)';
  if (!policy.isOwnWebContents(event.sender.id)) return `webContents ${event.sender.id} is not a Steward window`;
  if (frame.parent !== null) return 'the message came from a subframe';
  const origin = originOf(frame.url);
  if (!origin || !policy.trustedOrigins.has(origin)) return `origin ${origin ?? frame.url} is not trusted`;
  return null;
}

/** `args` are whatever the page sent: untrusted, each handler checks their shape. */
export type IpcHandler = (event: IpcMainEvent, args: readonly unknown[]) => void;

/** Like IpcHandler, for a request the page awaits: what it resolves to is the answer. */
export type IpcInvokeHandler = (event: IpcMainInvokeEvent, args: readonly unknown[]) => Promise<unknown>;

export interface ValidatedIpc {
  on(channel: ShellChannel, handler: IpcHandler): void;
  handle(channel: ShellInvokeChannel, handler: IpcInvokeHandler): void;
  dispose(): void;
}

export function createValidatedIpc(policy: SenderPolicy, log: (message: string) => void = console.warn): ValidatedIpc {
  const installed = new Map<ShellChannel, (event: IpcMainEvent) => void>();
  const handled = new Set<ShellInvokeChannel>();
  return {
    on(channel, handler) {
      if (!SHELL_CHANNELS.has(channel)) throw new Error(`Unknown IPC channel ${channel}: add it to IPC in shared/shell/protocol.ts`);
      if (installed.has(channel)) throw new Error(`IPC channel ${channel} already has a handler`);
      const listener = (event: IpcMainEvent, ...args: unknown[]): void => {
        const rejection = senderRejection(event, policy);
        if (rejection) {
          log(`[steward] refused IPC "${channel}": ${rejection}`);
          return;
        }
        handler(event, args);
      };
      installed.set(channel, listener);
      ipcMain.on(channel, listener);
    },
    handle(channel, handler) {
      if (!SHELL_INVOKE_CHANNELS.has(channel)) throw new Error(`Unknown IPC channel ${channel}: add it to IPC in shared/shell/protocol.ts`);
      if (handled.has(channel)) throw new Error(`IPC channel ${channel} already has a handler`);
      handled.add(channel);
      ipcMain.handle(channel, (event, ...args: unknown[]) => {
        const rejection = senderRejection(event, policy);
        if (rejection) {
          log(`[steward] refused IPC "${channel}": ${rejection}`);
          return Promise.reject(new Error(`Steward refused "${channel}": it accepts requests only from its own windows.`));
        }
        return handler(event, args);
      });
    },
    dispose() {
      for (const [channel, listener] of installed) ipcMain.removeListener(channel, listener);
      installed.clear();
      for (const channel of handled) ipcMain.removeHandler(channel);
      handled.clear();
    },
  };
}
