/**
 * Connects windows and the shell itself to the engine, one MessageChannel per client: one
 * end goes to the engine with a `client-port` message, the other to the window (whose preload
 * hands it to the page) or to the shell's own API client.
 *
 * Ports die with the engine and with the page, so a window gets a fresh port whenever its
 * page (re)loads while the engine is up, and every window gets one each time an engine says
 * `ready`, including after a restart.
 */
import { MessageChannelMain } from 'electron';
import type { MessagePortMain, WebContents } from 'electron';
import type { EngineApi } from '../../shared/api/contract.js';
import type { EngineEvent } from '../../shared/api/events.js';
import { connectEngineApi, type EngineClient, type MessageChannelLike } from '../../shared/rpc/rpc.js';
import { IPC, type ClientPortMessage } from '../../shared/shell/protocol.js';
import type { EngineProcess } from './engine-supervisor.js';

type PortMessageListener = (event: Electron.MessageEvent) => void;

/** A MessagePortMain as the RPC's channel. Starts the port: until then it queues messages. */
export function messagePortMainChannel(port: Pick<MessagePortMain, 'postMessage' | 'on' | 'off' | 'start'>): MessageChannelLike {
  const wrapped = new Map<(data: unknown) => void, PortMessageListener>();
  const channel: MessageChannelLike = {
    post: (data) => port.postMessage(data),
    on(listener) {
      const onMessage: PortMessageListener = (event) => listener(event.data);
      wrapped.set(listener, onMessage);
      port.on('message', onMessage);
    },
    off(listener) {
      const onMessage = wrapped.get(listener);
      if (!onMessage) return;
      wrapped.delete(listener);
      port.off('message', onMessage);
    },
  };
  port.start();
  return channel;
}

export interface PortWindow {
  isDestroyed(): boolean;
  readonly webContents: Pick<WebContents, 'postMessage' | 'isLoading' | 'isDestroyed'> & {
    on(event: 'did-finish-load', listener: () => void): unknown;
  };
}

export class EngineConnections {
  readonly #windows: { all(): readonly PortWindow[] };
  readonly #onEvent: (event: EngineEvent) => void;
  #engine: Pick<EngineProcess, 'postMessage'> | null = null;
  #shell: { client: EngineClient; port: MessagePortMain } | null = null;

  constructor(windows: { all(): readonly PortWindow[] }, onEvent: (event: EngineEvent) => void) {
    this.#windows = windows;
    this.#onEvent = onEvent;
  }

  /** The shell's own API client, while an engine is up. */
  get api(): EngineApi | null {
    return this.#shell?.client.api ?? null;
  }

  /** Call once per window, before its page loads. */
  track(window: PortWindow): void {
    window.webContents.on('did-finish-load', () => {
      if (this.#engine) this.#connectWindow(this.#engine, window);
    });
  }

  /** An engine said `ready`: connect the shell and every window whose page has loaded. */
  attach(engine: Pick<EngineProcess, 'postMessage'>): void {
    this.detach();
    this.#engine = engine;
    const { port1, port2 } = new MessageChannelMain();
    engine.postMessage({ type: 'client-port', client: 'shell' } satisfies ClientPortMessage, [port1]);
    this.#shell = { client: connectEngineApi(messagePortMainChannel(port2), this.#onEvent), port: port2 };
    for (const window of this.#windows.all()) {
      if (!window.isDestroyed() && !window.webContents.isLoading()) this.#connectWindow(engine, window);
    }
  }

  /** The engine is gone: pending shell calls fail now instead of at their timeout. */
  detach(): void {
    if (this.#shell) {
      this.#shell.client.close();
      this.#shell.port.close();
    }
    this.#shell = null;
    this.#engine = null;
  }

  #connectWindow(engine: Pick<EngineProcess, 'postMessage'>, window: PortWindow): void {
    if (window.isDestroyed() || window.webContents.isDestroyed()) return;
    const { port1, port2 } = new MessageChannelMain();
    engine.postMessage({ type: 'client-port', client: 'ui' } satisfies ClientPortMessage, [port1]);
    window.webContents.postMessage(IPC.enginePort, null, [port2]);
  }
}
