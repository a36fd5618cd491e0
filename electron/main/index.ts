/**
 * The Electron shell: app lifecycle, and the wiring of the modules beside this file. The
 * shell holds no product logic: everything Steward knows and does lives in the engine, which
 * runs as a utilityProcess supervised from here.
 *
 * Environment:
 * - STEWARD_DATA_DIR: use this folder instead of the OS's app data folder (tests, a
 *   second profile). The single-instance lock is per folder.
 * - ELECTRON_RENDERER_URL: set by `electron-vite dev` to its dev server; ignored when packaged.
 */
import { app, dialog, globalShortcut, Menu, nativeTheme, session, Tray, utilityProcess } from 'electron';
import type { BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { EngineEvent } from '../../shared/api/events.js';
import { IPC } from '../../shared/shell/protocol.js';
import { APP_ORIGIN, appPageUrl, registerAppScheme, serveAppProtocol, type RendererPage } from './app-protocol.js';
import { EngineConnections } from './engine-connections.js';
import { EngineLog } from './engine-log.js';
import { EngineSupervisor, type SupervisorState } from './engine-supervisor.js';
import { createValidatedIpc, originOf } from './ipc.js';
import { KillSwitch, registerKillSwitchShortcut, settleWithin, type PauseSource } from './kill-switch.js';
import { PopoverWindow, type WindowLook } from './popover-window.js';
import { SettingsWindow } from './settings-window.js';
import { shellPaths } from './shell-paths.js';
import { SuggestionNotifier } from './suggestion-notifier.js';
import { loadTrayIcons, SystemTray, type EngineHealth } from './tray.js';
import { hardenSession, hardenWebContents } from './web-security.js';
import { WindowRegistry } from './window-registry.js';

/** Painted before the page loads: the renderer's --bg (renderer/styles/base.css), no flash. */
const BACKGROUND = { light: '#f4f5f7', dark: '#16181b' } as const;
/** Longest the shell waits for the engine to exit when quitting before it quits anyway. */
const QUIT_WAIT_MS = 4000;

const devRendererUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

const userDataOverride = process.env.STEWARD_DATA_DIR;
if (userDataOverride) app.setPath('userData', userDataOverride);

// Before 'ready', or Electron ignores it.
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Another Steward owns this data folder; it shows its popover on 'second-instance'.
  app.quit();
} else {
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => undefined);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app
    .whenReady()
    .then(startShell)
    .catch((error: unknown) => {
      dialog.showErrorBox(
        'Steward could not start',
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n\nTry starting Steward again. If this keeps happening, reinstall it.`,
      );
      app.exit(1);
    });
}

function rendererUrl(page: RendererPage): string {
  return devRendererUrl ? new URL(page, devRendererUrl).toString() : appPageUrl(page);
}

function installApplicationMenu(): void {
  if (process.platform === 'darwin') {
    // Invisible (the app has no Dock icon) but it is what makes Cmd+C / Cmd+V work in text fields.
    Menu.setApplicationMenu(Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }]));
  } else if (app.isPackaged) {
    Menu.setApplicationMenu(null);
  }
}

function engineHealth(state: SupervisorState, everReady: boolean): EngineHealth {
  switch (state.kind) {
    case 'ready':
      return 'running';
    case 'failed':
      return 'failed';
    case 'idle':
    case 'starting':
      return everReady ? 'restarting' : 'starting';
    case 'hard-stopping':
    case 'backing-off':
    case 'stopped':
      return 'restarting';
  }
}

function startShell(): void {
  const platform = process.platform;
  if (platform === 'darwin') app.dock?.hide();
  if (platform === 'win32') app.setAppUserModelId('app.steward.desktop');
  installApplicationMenu();
  hardenSession(session.defaultSession);

  const paths = shellPaths({
    mainDir: import.meta.dirname,
    appPath: app.getAppPath(),
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
  });
  serveAppProtocol(paths.rendererRoot);
  app.setAppLogsPath();
  const engineLog = new EngineLog(join(app.getPath('logs'), 'engine.log'), { echo: !app.isPackaged });

  const look = (): WindowLook => ({
    preloadPath: paths.preload,
    backgroundColor: nativeTheme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light,
    ...(platform === 'linux' ? { icon: paths.appIcon } : {}),
  });

  const windows = new WindowRegistry<BrowserWindow>();
  const notifier = new SuggestionNotifier({ open: () => showPopover(), ...(platform === 'linux' ? { icon: paths.appIcon } : {}) });
  const connections = new EngineConnections(windows, (event) => onEngineEvent(event));
  windows.onAdded((window) => connections.track(window));

  const popover = new PopoverWindow({ url: rendererUrl('index.html'), platform, ...look() });
  windows.add(popover.window);
  nativeTheme.on('updated', () => {
    if (!popover.window.isDestroyed()) popover.window.setBackgroundColor(look().backgroundColor);
  });
  const settings = new SettingsWindow({ url: rendererUrl('settings.html'), look, onCreated: (window) => windows.add(window) });

  const trustedOrigins = new Set([APP_ORIGIN]);
  const devOrigin = devRendererUrl ? originOf(devRendererUrl) : null;
  if (devOrigin) trustedOrigins.add(devOrigin);
  const ipc = createValidatedIpc({ isOwnWebContents: (id) => windows.hasWebContents(id), trustedOrigins });
  ipc.on(IPC.openSettings, () => {
    popover.hide();
    settings.open();
  });
  ipc.on(IPC.hidePopover, () => popover.hide());
  ipc.on(IPC.pause, () => pause('popover'));
  ipc.on(IPC.quit, () => app.quit());

  const supervisor = new EngineSupervisor({
    modulePath: paths.engineEntry,
    dataDir: app.getPath('userData'),
    fork: (modulePath, args, options) => utilityProcess.fork(modulePath, args, options),
  });
  const killSwitch = new KillSwitch({
    api: () => connections.api,
    hardStop: () => {
      supervisor.hardStop();
      tray.setState({ paused: true });
    },
  });

  const tray = new SystemTray({
    createTray: (icon) => new Tray(icon),
    icons: loadTrayIcons(paths.trayIconsDir, platform),
    platform,
    initialState: { paused: false, engine: 'starting', killSwitchAccelerator: null },
    actions: {
      togglePopover: (bounds) => popover.toggle(bounds ?? tray.bounds()),
      openPopover: () => showPopover(),
      pause: () => pause('tray'),
      resume: () => resume(),
      openSettings: () => settings.open(),
      restartEngine: () => supervisor.restart(),
      quit: () => app.quit(),
    },
  });

  const accelerator = registerKillSwitchShortcut(() => pause('shortcut'));
  if (!accelerator) {
    console.warn('[steward] every kill switch shortcut is taken by another app; pause from the tray menu instead.');
  }
  tray.setState({ killSwitchAccelerator: accelerator });

  function showPopover(): void {
    popover.show(tray.bounds());
  }

  function pause(source: PauseSource): void {
    void killSwitch.pause(source).then((outcome) => {
      if (outcome.kind === 'acknowledged') tray.setState({ paused: true });
    });
  }

  function resume(): void {
    const api = connections.api;
    if (!api) return;
    api.resume().then(
      (status) => tray.setState({ paused: status.paused }),
      (error: unknown) => {
        void dialog.showMessageBox({
          type: 'error',
          title: 'Steward',
          message: 'Steward could not resume',
          detail: `${error instanceof Error ? error.message : String(error)}\n\nSteward stays paused. Try Resume again from the tray menu or the popover.`,
        });
      },
    );
  }

  async function refreshStatus(): Promise<void> {
    const api = connections.api;
    if (!api) return;
    const settled = await settleWithin(api.getStatus(), 5000);
    if (settled.kind === 'resolved') tray.setState({ paused: settled.value.paused });
  }

  function onEngineEvent(event: EngineEvent): void {
    notifier.handle(event);
    if (event.type === 'status.changed') void refreshStatus();
  }

  let everReady = false;
  supervisor.on('spawn', (child) => engineLog.attach(child));
  supervisor.on('ready', (child) => {
    everReady = true;
    connections.attach(child);
    void refreshStatus();
  });
  supervisor.on('exit', () => connections.detach());
  supervisor.on('state', (state) => {
    tray.setState({
      engine: engineHealth(state, everReady),
      // An engine started with --start-paused is paused before it can say so.
      ...(state.kind === 'starting' && state.paused ? { paused: true } : {}),
    });
  });
  supervisor.on('gave-up', (reason) => {
    const lastLines = engineLog.tail().slice(-8).join('\n');
    void dialog
      .showMessageBox({
        type: 'error',
        title: 'Steward',
        message: 'Steward’s engine stopped',
        detail:
          `${reason}\n\nUntil it runs again, Steward watches nothing and does nothing. ` +
          `Choose Restart Engine to try again (it is also in the tray menu). If it keeps stopping, ` +
          `the engine’s log at ${engineLog.path} says why.` +
          (lastLines ? `\n\nLast lines of the log:\n${lastLines}` : ''),
        buttons: ['Restart Engine', 'Close'],
        defaultId: 0,
        cancelId: 1,
      })
      .then(({ response }) => {
        if (response === 0) supervisor.restart();
      });
  });
  supervisor.start();

  // Starting Steward again while it runs (from a launcher) opens the popover instead.
  app.on('second-instance', () => showPopover());

  let engineStopped = false;
  app.on('before-quit', (event) => {
    popover.allowClose();
    notifier.closeAll();
    if (engineStopped) return;
    // Let the engine close its database before the app goes; never wait for it for long.
    event.preventDefault();
    void Promise.race([supervisor.stop(), new Promise((resolve) => setTimeout(resolve, QUIT_WAIT_MS))]).then(() => {
      engineStopped = true;
      engineLog.close();
      app.quit();
    });
  });
  app.on('will-quit', () => {
    globalShortcut.unregisterAll();
    tray.destroy();
  });
}
