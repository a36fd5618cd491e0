/**
 * The shell once Electron is ready: the wiring of the modules beside this file. It holds no
 * product logic; everything Steward knows and does lives in the engine, which runs as a
 * utilityProcess supervised from here. What differs per OS is decided in desktop-plan.ts.
 */
import { app, dialog, globalShortcut, Menu, nativeTheme, powerMonitor, session, Tray, utilityProcess } from 'electron';
import type { BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { EngineEvent } from '../../shared/api/events.js';
import { IPC, isSettingsPage, type EngineAvailability, type ShellState } from '../../shared/shell/protocol.js';
import { APP_ORIGIN, appPageUrl, serveAppProtocol, type RendererPage } from './app-protocol.js';
import { AutoUpdate, engineHasActionsInFlight, type UpdaterLike, type UpdateState } from './auto-update.js';
import { desktopPlan, linuxDesktop, sessionType, type DesktopFacts, type DesktopPlan, type StartLaunch, type TrayHost } from './desktop-plan.js';
import { EngineConnections } from './engine-connections.js';
import { removeEngineLeftovers } from './engine-leftovers.js';
import { EngineLog } from './engine-log.js';
import { EngineSupervisor, type SupervisorState } from './engine-supervisor.js';
import { chooseFolder } from './folder-picker.js';
import { createValidatedIpc, originOf } from './ipc.js';
import { KillSwitch, registerKillSwitchShortcut, settleWithin, type PauseSource } from './kill-switch.js';
import { createLoginItem, launchedAtLogin } from './login-item.js';
import { PopoverWindow, type WindowLook } from './popover-window.js';
import { PresenceReporter } from './presence-reporter.js';
import { SettingsWindow } from './settings-window.js';
import { shellPaths } from './shell-paths.js';
import { shouldTurnOnLaunchAtLogin, ShellSettingsFile } from './shell-settings.js';
import { ShellStateBroadcaster } from './shell-state.js';
import { SuggestionNotifier } from './suggestion-notifier.js';
import { loadTrayIcons, SystemTray, type EngineHealth } from './tray.js';
import { hardenSession } from './web-security.js';
import { WindowRegistry } from './window-registry.js';

/** Painted before the page loads: the renderer's --bg (renderer/styles/base.css), no flash. */
const BACKGROUND = { light: '#f4f5f7', dark: '#16181b' } as const;
/**
 * Longest the shell waits for the engine to exit when quitting: its shutdown timeout, the kill
 * grace, and a margin (engine-supervisor.ts). Normally it is gone in well under a second.
 */
const QUIT_WAIT_MS = 11_000;
/** The Windows AppUserModelID: electron-builder's appId, which the Start menu shortcut carries. */
export const APP_USER_MODEL_ID = 'app.steward.desktop';
/** package.json `desktopName` without the suffix: the installed .desktop file and Wayland app id. */
export const DESKTOP_ID = 'app.steward.Steward';

export interface ShellEnvironment {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly argv: readonly string[];
  /** The folder of the built shell (out/main). */
  readonly mainDir: string;
  readonly homeDir: string;
  readonly execPath: string;
  readonly resourcesPath: string;
  /** Whether something shows tray icons (Linux asks the session bus; see tray-host.ts). */
  detectTrayHost(): Promise<TrayHost>;
  /** electron-updater's autoUpdater in an installed app; null where there is no feed. */
  loadUpdater(): Promise<UpdaterLike | null>;
  readonly log?: (message: string) => void;
}

export interface RunningShell {
  readonly facts: DesktopFacts;
  readonly plan: DesktopPlan;
  readonly launch: StartLaunch;
  /** Ends timers and listeners that would outlive the app (tests start many shells). */
  dispose(): void;
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

function engineAvailability(state: SupervisorState, everReady: boolean): EngineAvailability {
  switch (state.kind) {
    case 'ready':
      return { kind: 'running' };
    case 'failed':
      return { kind: 'stopped', reason: state.reason };
    case 'stopped':
      return { kind: 'quitting' };
    case 'idle':
    case 'starting':
      return everReady ? { kind: 'restarting' } : { kind: 'starting' };
    case 'hard-stopping':
    case 'backing-off':
      return { kind: 'restarting' };
  }
}

function installApplicationMenu(platform: NodeJS.Platform): void {
  if (platform === 'darwin') {
    // Invisible without a Dock icon, but it is what makes Cmd+C / Cmd+V work in text fields.
    Menu.setApplicationMenu(Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }]));
  } else if (app.isPackaged) {
    Menu.setApplicationMenu(null);
  }
}

export async function startShell(environment: ShellEnvironment): Promise<RunningShell> {
  const { platform, env } = environment;
  const log = environment.log ?? console.warn;
  const devRendererUrl = app.isPackaged ? undefined : env.ELECTRON_RENDERER_URL;
  const rendererUrl = (page: RendererPage): string => (devRendererUrl ? new URL(page, devRendererUrl).toString() : appPageUrl(page));

  if (platform === 'darwin') app.dock?.hide();
  if (platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  installApplicationMenu(platform);
  hardenSession(session.defaultSession);
  if (app.commandLine.hasSwitch('no-sandbox')) {
    log('[steward] WARNING: running without the Chromium sandbox (--no-sandbox). This is for development only; see scripts/start.js.');
  }

  const facts: DesktopFacts = {
    platform,
    session: sessionType(platform, env, app.commandLine.getSwitchValue('ozone-platform')),
    desktop: linuxDesktop(platform, env),
    trayHost: await environment.detectTrayHost(),
  };
  const plan = desktopPlan(facts);
  const launch: StartLaunch = launchedAtLogin(platform, environment.argv, app) ? 'login' : 'user';
  if (!plan.trayReliable) log(`[steward] no tray icon host (${facts.trayHost}): Steward opens as a window. ${plan.trayAdvice ?? ''}`);

  const paths = shellPaths({ mainDir: environment.mainDir, appPath: app.getAppPath(), isPackaged: app.isPackaged, resourcesPath: environment.resourcesPath });
  serveAppProtocol(paths.rendererRoot);
  app.setAppLogsPath();
  const dataDir = app.getPath('userData');
  const engineLog = new EngineLog(join(app.getPath('logs'), 'engine.log'), { echo: !app.isPackaged });

  const look = (): WindowLook => ({
    preloadPath: paths.preload,
    backgroundColor: nativeTheme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light,
    ...(platform === 'linux' ? { icon: paths.appIcon } : {}),
  });

  const shellSettings = new ShellSettingsFile(dataDir);
  const loginItem = createLoginItem({
    platform,
    app,
    env,
    execPath: environment.execPath,
    homeDir: environment.homeDir,
    desktopId: DESKTOP_ID,
    productName: 'Steward',
  });
  const launchAtLoginState = () => ({ available: loginItem.unavailableReason === null, enabled: loginItem.unavailableReason === null && loginItem.isEnabled() });

  const windows = new WindowRegistry<BrowserWindow>();
  const initialState: ShellState = {
    engine: { kind: 'starting' },
    surface: plan.surface,
    trayAdvice: plan.trayAdvice,
    pauseShortcut: null,
    launchAtLogin: launchAtLoginState(),
  };
  const shellState = new ShellStateBroadcaster<BrowserWindow>(initialState, windows);
  const notifier = new SuggestionNotifier({ open: (id) => openSuggestion(id), platform, log, ...(platform === 'linux' ? { icon: paths.appIcon } : {}) });
  notifier.handleActivations();
  const connections = new EngineConnections(windows, (event) => onEngineEvent(event));
  windows.onAdded((window) => {
    connections.track(window);
    shellState.track(window);
  });

  const popover = new PopoverWindow({ url: rendererUrl('index.html'), platform, surface: plan.surface, ...look() });
  windows.add(popover.window);
  nativeTheme.on('updated', () => {
    if (!popover.window.isDestroyed()) popover.window.setBackgroundColor(look().backgroundColor);
  });
  const settings = new SettingsWindow({
    url: rendererUrl('settings.html'),
    look,
    onCreated: (window) => windows.add(window),
    onShown: (window) => {
      if (!plan.dockIconWhileSettingsOpen) return;
      // A Dock-less app's window opens behind the active app: become a regular app while
      // Settings is open, then take focus.
      void app.dock?.show().then(() => {
        app.focus({ steal: true });
        if (!window.isDestroyed()) window.focus();
      });
    },
    onClosed: () => {
      if (plan.dockIconWhileSettingsOpen) app.dock?.hide();
    },
  });

  const trustedOrigins = new Set([APP_ORIGIN]);
  const devOrigin = devRendererUrl ? originOf(devRendererUrl) : null;
  if (devOrigin) trustedOrigins.add(devOrigin);
  const ipc = createValidatedIpc({ isOwnWebContents: (id) => windows.hasWebContents(id), trustedOrigins }, log);
  ipc.on(IPC.openSettings, (_event, [page]) => {
    if (popover.surface === 'popover') popover.hide();
    settings.open(isSettingsPage(page) ? page : undefined);
  });
  ipc.on(IPC.hidePopover, () => {
    // Escape closes a popover; an ordinary window stays until the user closes it.
    if (popover.surface === 'popover') popover.hide();
  });
  ipc.on(IPC.pause, () => pause('popover'));
  ipc.on(IPC.setLaunchAtLogin, (_event, [enabled]) => {
    if (typeof enabled === 'boolean') setLaunchAtLogin(enabled);
  });
  ipc.on(IPC.quit, () => app.quit());
  ipc.handle(IPC.chooseFolder, () => chooseFolder(dialog, settings.window));

  const supervisor = new EngineSupervisor({
    modulePath: paths.engineEntry,
    dataDir,
    // No V8 heap flags here (`steward host` re-executes itself with --max-semi-space-size=2):
    // a utility process's isolate is created from its own --js-flags switch before Node sees
    // execArgv (shell/browser/javascript_environment.cc), and Chromium does not forward
    // --js-flags to utility processes, so a flag in execArgv would come too late to size the heap.
    // The malloc arena limit does reach it, through the environment (engine-supervisor.ts engineEnv),
    // and the heap's growth between collections is set inside it at run time (host/heap-growth.ts).
    fork: (modulePath, args, options) => utilityProcess.fork(modulePath, args, options),
    cleanUpAfter: (pid) => {
      const removed = removeEngineLeftovers(dataDir, pid);
      if (removed.length > 0) log(`[steward] removed ${removed.join(' and ')} left by the engine (pid ${pid}) that exited`);
    },
  });
  const killSwitch = new KillSwitch({
    api: () => connections.api,
    hardStop: () => {
      supervisor.hardStop();
      tray.setState({ paused: true });
    },
  });

  let autoUpdate: AutoUpdate | null = null;
  const tray = new SystemTray({
    createTray: (icon) => new Tray(icon),
    icons: loadTrayIcons(paths.trayIconsDir, platform),
    platform,
    initialState: {
      paused: false,
      engine: 'starting',
      killSwitchAccelerator: null,
      launchAtLogin: initialState.launchAtLogin.available ? initialState.launchAtLogin.enabled : null,
      updateVersion: null,
      updateWaiting: false,
    },
    actions: {
      togglePopover: (bounds) => popover.toggle(bounds ?? tray.bounds()),
      openPopover: () => showMain(),
      pause: () => pause('tray'),
      resume: () => resume(),
      openSettings: () => settings.open(),
      restartEngine: () => supervisor.restart(),
      setLaunchAtLogin: (enabled) => setLaunchAtLogin(enabled),
      restartToUpdate: () => void autoUpdate?.restartToUpdate(),
      quit: () => app.quit(),
    },
  });

  const registered = registerKillSwitchShortcut(() => pause('shortcut'));
  const pauseShortcut = plan.shortcutConfirmable ? registered : null;
  if (!registered) {
    log('[steward] every kill switch shortcut is taken by another app; pause from the tray menu or the popover instead.');
  } else if (!pauseShortcut) {
    log(`[steward] ${registered} was handed to the desktop portal (Wayland), which cannot confirm the bind; the tray menu and the popover's switch always pause.`);
  }
  tray.setState({ killSwitchAccelerator: pauseShortcut });
  shellState.update({ pauseShortcut });

  const presence = new PresenceReporter({ powerMonitor, api: () => connections.api, log });
  presence.start();

  const updater = await environment.loadUpdater();
  if (updater) {
    autoUpdate = new AutoUpdate({
      updater,
      actionsInFlight: () => engineHasActionsInFlight(connections.api),
      quitToInstall: () => app.quit(),
      onChange: (state: UpdateState) =>
        tray.setState({ updateVersion: state.kind === 'none' ? null : state.version, updateWaiting: state.kind === 'waiting-for-actions' }),
      log,
    });
    autoUpdate.start();
  }

  function showMain(): void {
    popover.show(tray.bounds());
  }

  function openSuggestion(suggestionId: string): void {
    showMain();
    shellState.sendTo(popover.window, { type: 'show-suggestion', suggestionId });
  }

  function refreshLaunchAtLogin(): void {
    const state = launchAtLoginState();
    shellState.update({ launchAtLogin: state });
    tray.setState({ launchAtLogin: state.available ? state.enabled : null });
  }

  function setLaunchAtLogin(enabled: boolean): void {
    if (loginItem.unavailableReason) {
      log(`[steward] ${loginItem.unavailableReason}`);
      return;
    }
    try {
      loginItem.setEnabled(enabled);
      shellSettings.update({ launchAtLoginDecided: true });
    } catch (error) {
      log(`[steward] could not change start at login: ${String(error)}`);
    }
    refreshLaunchAtLogin();
  }

  function applyLaunchAtLoginDefault(hasAccount: boolean): void {
    if (!shouldTurnOnLaunchAtLogin({ decided: shellSettings.current.launchAtLoginDecided, hasAccount, available: loginItem.unavailableReason === null })) return;
    setLaunchAtLogin(true);
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

  let onboardingChecked = false;
  async function refreshStatus(): Promise<void> {
    const api = connections.api;
    if (!api) return;
    const settled = await settleWithin(api.getStatus(), 5000);
    if (settled.kind !== 'resolved') return;
    const status = settled.value;
    tray.setState({ paused: status.paused });
    const hasAccount = status.accounts.length > 0;
    applyLaunchAtLoginDefault(hasAccount);
    if (!onboardingChecked) {
      onboardingChecked = true;
      // First run: the onboarding in the popover, whatever the tray does (Windows 11 hides new
      // icons in the overflow, the notch can hide menu-bar items).
      if (!hasAccount && plan.atStart[launch] === 'show-if-no-account') showMain();
    }
  }

  function onEngineEvent(event: EngineEvent): void {
    notifier.handle(event);
    if (event.type === 'status.changed' || event.type === 'accounts.changed') void refreshStatus();
  }

  let everReady = false;
  supervisor.on('spawn', (child) => engineLog.attach(child));
  supervisor.on('ready', (child) => {
    everReady = true;
    connections.attach(child);
    presence.engineConnected();
    void refreshStatus();
  });
  supervisor.on('exit', () => connections.detach());
  supervisor.on('state', (state) => {
    tray.setState({
      engine: engineHealth(state, everReady),
      // An engine started with --start-paused is paused before it can say so.
      ...(state.kind === 'starting' && state.paused ? { paused: true } : {}),
    });
    shellState.update({ engine: engineAvailability(state, everReady) });
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

  if (plan.atStart[launch] === 'show') showMain();
  // Starting Steward again while it runs (a launcher, the Start menu) shows it.
  app.on('second-instance', () => showMain());
  // macOS: opening the running app from Finder, Spotlight or the Dock.
  app.on('activate', () => {
    const open = settings.window;
    if (open?.isVisible()) settings.open();
    else showMain();
  });

  let engineStopped = false;
  app.on('before-quit', (event) => {
    popover.allowClose();
    notifier.closeAll();
    if (engineStopped) return;
    // Let the engine close its database before the app goes; never wait for it for long.
    event.preventDefault();
    const exited = supervisor.stop().then(() => true);
    const gaveUpWaiting = new Promise<false>((resolve) => setTimeout(() => resolve(false), QUIT_WAIT_MS));
    void Promise.race([exited, gaveUpWaiting]).then((engineExited) => {
      engineStopped = true;
      engineLog.close();
      // An update installs only with the engine gone (never over a running action);
      // quitAndInstall quits by itself.
      if (engineExited && autoUpdate?.installAfterEngineStopped()) return;
      app.quit();
    });
  });
  app.on('will-quit', () => {
    globalShortcut.unregisterAll();
    presence.stop();
    autoUpdate?.stop();
    tray.destroy();
  });

  return {
    facts,
    plan,
    launch,
    dispose() {
      presence.stop();
      autoUpdate?.stop();
      ipc.dispose();
    },
  };
}
