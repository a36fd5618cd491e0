/**
 * The desktop app's popover in Chromium, without Electron: what the preload would expose
 * (`window.stewardShell`) is installed before the page's scripts, and the engine port it would
 * post is a MessageChannel bridged to the real host's API WebSocket (structured clone on the
 * page's side, JSON on the wire, as the two real transports do). The page therefore runs its
 * desktop transport (renderer/api/desktop-link.ts) against a real engine.
 *
 * The test drives the shell's side through `window.__shell`: send a ShellEvent, see what the
 * page asked of the shell, and play the engine dying with its port left open (Chromium does not
 * promise a `close` event then), which only the shell's word can reveal.
 */
import type { Page } from '@playwright/test';
import type { ShellEvent, ShellState } from '../shared/shell/protocol.js';

export interface FakeShellOptions {
  readonly platform: string;
  readonly state: ShellState;
}

export type ShellCall = readonly [method: string, ...args: unknown[]];

export const DEFAULT_SHELL_STATE: ShellState = {
  engine: { kind: 'running' },
  surface: 'popover',
  trayAdvice: null,
  pauseShortcut: 'CommandOrControl+Alt+Shift+P',
  launchAtLogin: { available: true, enabled: false },
};

interface ShellControl {
  readonly calls: ShellCall[];
  /** What the folder picker answers next: a path, or null as when the user cancels. */
  chosenFolder: string | null;
  emit(event: ShellEvent): void;
  /** The engine stops answering and its port is never closed (a crash, as the page sees it). */
  freezeEngine(): void;
  /** A new engine: a new port, as the shell sends after a restart. */
  connectEngine(): void;
}

declare global {
  interface Window {
    __shell?: ShellControl;
  }
}

export async function installFakeShell(page: Page, options: FakeShellOptions): Promise<void> {
  await page.addInitScript(({ platform, state }: FakeShellOptions) => {
    const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
    const listeners = new Set<(event: ShellEvent) => void>();
    let latest: ShellEvent = { type: 'state', state };
    const calls: ShellCall[] = [];
    let killCurrent: () => void = () => undefined;
    const loaded = new Promise<void>((resolve) => {
      if (document.readyState === 'complete') resolve();
      else window.addEventListener('load', () => resolve(), { once: true });
    });

    const control: ShellControl = {
      calls,
      chosenFolder: null,
      emit(event) {
        if (event.type === 'state') latest = event;
        for (const listener of listeners) listener(event);
      },
      freezeEngine() {
        killCurrent();
      },
      connectEngine() {
        const channel = new MessageChannel();
        const ws = new WebSocket(`ws://${window.location.host}/api/ws?token=${encodeURIComponent(token)}`);
        let dead = false;
        const outbox: string[] = [];
        ws.addEventListener('message', (message: MessageEvent<string>) => {
          if (!dead) channel.port2.postMessage(JSON.parse(message.data));
        });
        channel.port2.addEventListener('message', (event: MessageEvent) => {
          if (dead) return;
          const text = JSON.stringify(event.data);
          if (ws.readyState === WebSocket.OPEN) ws.send(text);
          else outbox.push(text);
        });
        channel.port2.start();
        const opened = new Promise<void>((resolve) => ws.addEventListener('open', () => resolve(), { once: true }));
        void Promise.all([opened, loaded]).then(() => {
          for (const text of outbox.splice(0)) ws.send(text);
          window.postMessage({ type: 'steward:engine-port' }, '*', [channel.port1]);
          control.emit({ type: 'state', state: { ...(latest as Extract<ShellEvent, { type: 'state' }>).state, engine: { kind: 'running' } } });
        });
        killCurrent = () => {
          // Answers stop; the page's end of the port stays open, as after a crash.
          dead = true;
          ws.close();
        };
      },
    };
    window.__shell = control;
    Object.defineProperty(window, 'stewardShell', {
      value: Object.freeze({
        platform,
        openSettings: (settingsPage?: string) => calls.push(['openSettings', settingsPage]),
        hidePopover: () => calls.push(['hidePopover']),
        pause: () => calls.push(['pause']),
        quit: () => calls.push(['quit']),
        chooseFolder: () => {
          calls.push(['chooseFolder']);
          return Promise.resolve(control.chosenFolder);
        },
        setLaunchAtLogin: (enabled: boolean) => {
          calls.push(['setLaunchAtLogin', enabled]);
          const current = (latest as Extract<ShellEvent, { type: 'state' }>).state;
          control.emit({ type: 'state', state: { ...current, launchAtLogin: { available: true, enabled } } });
        },
        onShellEvent(listener: (event: ShellEvent) => void) {
          listeners.add(listener);
          listener(latest);
          return () => listeners.delete(listener);
        },
      }),
    });
    control.connectEngine();
  }, options);
}

/** Makes the fake folder picker answer with this path (null: the user cancels). */
export async function answerFolderPicker(page: Page, path: string | null): Promise<void> {
  await page.evaluate((chosen) => {
    if (window.__shell) window.__shell.chosenFolder = chosen;
  }, path);
}

export async function shellCalls(page: Page): Promise<ShellCall[]> {
  return page.evaluate(() => window.__shell?.calls ?? []);
}
