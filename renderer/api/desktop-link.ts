/**
 * The desktop transport. The preload receives a MessagePort connected to the engine and posts
 * it to the page as `{ type: ENGINE_PORT_MESSAGE }` with the port attached; a later port (the
 * shell restarted the engine) replaces the earlier one. Messages are structured-cloned, so the
 * RPC uses its default codec.
 */
import { connectEngineApi, type EngineClient, type MessageChannelLike } from '@shared/rpc/rpc';
import { ENGINE_PORT_MESSAGE } from '@shared/shell/protocol';
import type { EngineApi } from '@shared/api/contract';
import { forwardingApi, type EngineLink, type LinkListener } from './engine-link';

export function createDesktopLink(): EngineLink {
  let client: EngineClient | null = null;
  let port: MessagePort | null = null;
  let listener: LinkListener | null = null;

  /** The engine is gone: pending calls fail now (in words) instead of after their 5-minute timeout. */
  const drop = (reason: string | null) => {
    client?.close();
    port?.close();
    client = null;
    port = null;
    listener?.onState({ kind: 'reconnecting', attempt: 1, retryAt: null, ...(reason ? { reason } : {}) });
  };

  const adopt = (next: MessagePort) => {
    client?.close();
    port?.close();
    port = next;
    // Chromium may fire 'close' when the engine side goes away, but does not promise to: the
    // shell also says so (below). Either way the shell then sends a new port.
    next.addEventListener('close', () => {
      if (port === next) drop(null);
    });
    client = connectEngineApi(portChannel(next), (event) => listener?.onEvent(event));
    listener?.onState({ kind: 'open' });
  };

  // The shell knows when the engine process exits; the port may never tell.
  window.stewardShell?.onShellEvent((event) => {
    if (event.type !== 'state') return;
    const engine = event.state.engine;
    if ((engine.kind === 'restarting' || engine.kind === 'quitting') && client) drop(null);
    if (engine.kind === 'stopped') drop(engine.reason);
  });

  const onWindowMessage = (event: MessageEvent) => {
    if (event.source !== window) return;
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null || (data as { type?: unknown }).type !== ENGINE_PORT_MESSAGE) return;
    const received = event.ports[0];
    if (received) adopt(received);
  };
  // Listen at once, before React renders, so that a port posted early is not missed.
  window.addEventListener('message', onWindowMessage);

  return {
    transport: 'desktop',
    api: withShellKillSwitch(forwardingApi(() => client)),
    start(next) {
      listener = next;
      next.onState(client ? { kind: 'open' } : { kind: 'connecting' });
    },
    retryNow() {
      // The shell owns the engine's lifecycle; there is nothing to retry from the page.
    },
    stop() {
      window.removeEventListener('message', onWindowMessage);
      client?.close();
      port?.close();
      client = null;
      listener = null;
    },
  };
}

/**
 * Pausing goes through the shell's kill switch as well as the engine: if the engine hangs, the
 * shell stops it by force and restarts it paused, while the API call here reports the state.
 */
function withShellKillSwitch(api: EngineApi): EngineApi {
  return {
    ...api,
    pause: (input) => {
      window.stewardShell?.pause();
      return api.pause(input);
    },
  };
}

function portChannel(port: MessagePort): MessageChannelLike {
  const wrapped = new Map<(data: unknown) => void, (event: MessageEvent) => void>();
  return {
    post: (data) => port.postMessage(data),
    on(listener) {
      const onMessage = (event: MessageEvent) => listener(event.data);
      wrapped.set(listener, onMessage);
      port.addEventListener('message', onMessage);
      port.start();
    },
    off(listener) {
      const onMessage = wrapped.get(listener);
      if (onMessage) port.removeEventListener('message', onMessage);
      wrapped.delete(listener);
    },
  };
}
