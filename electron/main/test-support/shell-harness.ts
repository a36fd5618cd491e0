/**
 * Starts the whole shell (shell.ts) against the fake Electron, on a desktop a test describes
 * (platform, tray host, session type, how it was launched), with a stand-in engine that speaks
 * the real RPC on the ports the shell hands it. The test file must mock electron first:
 *
 *   vi.mock('electron', async () => await import('./test-support/fake-electron.js'));
 */
import { AGENT_STATUS_UNKNOWN } from '../../../shared/domain/agent.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiMethod } from '../../../shared/api/contract.js';
import type { EngineStatus, PresenceReport, Suggestion } from '../../../shared/domain/types.js';
import { serveEngineApi, type ServedConnection } from '../../../shared/rpc/rpc.js';
import { IPC, type ShellEvent, type ShellState } from '../../../shared/shell/protocol.js';
import type { UpdaterLike } from '../auto-update.js';
import type { TrayHost } from '../desktop-plan.js';
import { messagePortMainChannel } from '../engine-connections.js';
import type { RunningShell, ShellEnvironment } from '../shell.js';
import { app, FakeBrowserWindow, FakeTray, FakeUtilityProcess, resetFakeElectron, type FakeMessagePort, type FakeWebContents } from './fake-electron.js';

export interface DesktopRow {
  readonly platform: NodeJS.Platform;
  readonly trayHost?: TrayHost;
  readonly session?: 'x11' | 'wayland';
  readonly desktop?: string;
  readonly launchedAtLogin?: boolean;
  readonly isPackaged?: boolean;
  readonly updater?: UpdaterLike | null;
  readonly home?: string;
}

/** What the stand-in engine knows and has been told. */
export class StandInEngine {
  paused = false;
  answerPause = true;
  accounts: EngineStatus['accounts'] = [];
  suggestions: Suggestion[] = [];
  readonly presence: PresenceReport[] = [];

  status(): EngineStatus {
    return {
      paused: this.paused,
      pausedAt: null,
      pausedBy: null,
      pausedReason: null,
      agent: AGENT_STATUS_UNKNOWN,
      day: null,
      accounts: this.accounts,
      pendingSuggestions: this.suggestions.length,
      lastSyncAt: null,
      version: '0.1.0',
      mode: 'desktop',
      presence: 'active',
    };
  }

  readonly dispatch = (method: ApiMethod, input: unknown): Promise<unknown> => {
    switch (method) {
      case 'pause':
        if (!this.answerPause) return new Promise(() => undefined);
        this.paused = true;
        return Promise.resolve(this.status());
      case 'resume':
        this.paused = false;
        return Promise.resolve(this.status());
      case 'getStatus':
        return Promise.resolve(this.status());
      case 'reportPresence':
        this.presence.push((input as { state: PresenceReport }).state);
        return Promise.resolve(this.status());
      case 'listSuggestions':
        return Promise.resolve(this.suggestions);
      default:
        return Promise.resolve(null);
    }
  };
}

/** Makes a fake engine process answer the real RPC on the ports the shell sends it. */
export function serveOn(engine: FakeUtilityProcess, dispatch: (method: ApiMethod, input: unknown) => Promise<unknown>) {
  const served: Array<{ client: string; connection: ServedConnection }> = [];
  const record = engine.postMessage.bind(engine);
  engine.postMessage = (message, transfer = []) => {
    record(message, transfer);
    const port = transfer[0] as FakeMessagePort | undefined;
    if (port) served.push({ client: (message as { client: string }).client, connection: serveEngineApi(messagePortMainChannel(port), dispatch) });
  };
  return served;
}

export function ipcFrom(webContentsId: number, url = 'app://steward/index.html') {
  return { sender: { id: webContentsId }, senderFrame: { url, parent: null } };
}

/** The ShellEvents a window received, in order. */
export function shellEventsOf(contents: FakeWebContents): ShellEvent[] {
  return contents.sent.filter((s) => s.channel === IPC.shellEvent).map((s) => s.args[0] as ShellEvent);
}

export function lastShellState(contents: FakeWebContents): ShellState | null {
  const states = shellEventsOf(contents).filter((event): event is Extract<ShellEvent, { type: 'state' }> => event.type === 'state');
  return states.at(-1)?.state ?? null;
}

export interface TestShell {
  readonly shell: RunningShell;
  readonly dataDir: string;
  readonly popover: FakeBrowserWindow;
  readonly tray: FakeTray;
  readonly standIn: StandInEngine;
  engine(): FakeUtilityProcess;
  /** Plays the current engine process saying `ready` and serving the stand-in. */
  engineReady(): Array<{ client: string; connection: ServedConnection }>;
  stop(): void;
}

export async function startTestShell(row: DesktopRow): Promise<TestShell> {
  resetFakeElectron();
  app.isPackaged = row.isPackaged ?? false;
  // Electron has a Dock on macOS only.
  if (row.platform !== 'darwin') app.dock = undefined;
  app.loginItem = { ...app.loginItem, wasOpenedAtLogin: row.platform === 'darwin' && (row.launchedAtLogin ?? false) };
  const dataDir = mkdtempSync(join(tmpdir(), 'steward-shell-'));
  app.setPath('userData', dataDir);
  app.setPath('logs', join(dataDir, 'logs'));
  const env: NodeJS.ProcessEnv =
    row.platform === 'linux'
      ? { XDG_SESSION_TYPE: row.session ?? 'x11', XDG_CURRENT_DESKTOP: row.desktop ?? 'KDE', XDG_CONFIG_HOME: join(row.home ?? dataDir, 'config') }
      : {};
  const environment: ShellEnvironment = {
    platform: row.platform,
    env,
    argv: ['/opt/Steward/steward', ...(row.launchedAtLogin && row.platform !== 'darwin' ? ['--autostart'] : [])],
    mainDir: '/app/out/main',
    homeDir: row.home ?? dataDir,
    execPath: '/opt/Steward/steward',
    resourcesPath: '/opt/Steward/resources',
    detectTrayHost: () => Promise.resolve(row.platform === 'linux' ? (row.trayHost ?? 'present') : 'present'),
    loadUpdater: () => Promise.resolve(row.updater ?? null),
    log: () => undefined,
  };
  const { startShell } = await import('../shell.js');
  const shell = await startShell(environment);
  const popover = FakeBrowserWindow.instances[0];
  const tray = FakeTray.instances[0];
  if (!popover || !tray) throw new Error('the shell created no popover or no tray');
  const standIn = new StandInEngine();
  const engine = (): FakeUtilityProcess => {
    const last = FakeUtilityProcess.instances.at(-1);
    if (!last) throw new Error('no engine was forked');
    return last;
  };
  return {
    shell,
    dataDir,
    popover,
    tray,
    standIn,
    engine,
    engineReady() {
      const served = serveOn(engine(), standIn.dispatch);
      engine().send({ type: 'ready', apiUrl: 'http://127.0.0.1:4100' });
      return served;
    },
    stop() {
      shell.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
