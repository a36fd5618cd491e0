/**
 * Small hand-written stand-ins for the Electron APIs the shell uses (the way electron/fiddle
 * tests its main process). `require('electron')` cannot load outside Electron, so every shell
 * test starts with:
 *
 *   vi.mock('electron', async () => await import('./test-support/fake-electron.js'));
 *
 * The fakes record what the shell did to them and let a test play the user or the OS (click,
 * blur, load a page, exit a process, lock the screen). Only what the shell touches is here.
 *
 * They cannot drift from Electron: each one `implements` or `satisfies` the members it stands
 * in for, picked from electron.d.ts, so a renamed method or a changed parameter breaks the
 * build, not a user. Where a real member returns another Electron object the fake returns its
 * fake; `SameParameters` then checks the parameters and leaves the result to that fake's own
 * check.
 */
import { EventEmitter } from 'node:events';
import type {
  ActivationArguments,
  App,
  BrowserWindow as RealBrowserWindow,
  BrowserWindowConstructorOptions,
  CommandLine,
  ContextBridge,
  Dialog,
  Display,
  Dock,
  GlobalShortcut,
  HandlerDetails,
  IpcMain,
  IpcMainInvokeEvent,
  IpcRenderer,
  LoginItemSettings,
  Menu as RealMenu,
  MenuItem,
  MenuItemConstructorOptions,
  MessageBoxOptions,
  MessageBoxReturnValue,
  MessagePortMain,
  NativeImage,
  OpenDialogOptions,
  OpenDialogReturnValue,
  Notification as RealNotification,
  NotificationConstructorOptions,
  PowerMonitor,
  Protocol,
  Rectangle,
  Screen,
  Session,
  Settings,
  Tray as RealTray,
  UtilityProcess,
  WebContents,
  WindowOpenHandlerResponse,
} from 'electron';
import type { nativeImage as RealNativeImageModule, utilityProcess as RealUtilityProcessModule } from 'electron';
import { vi, type Mock } from 'vitest';
import type { PowerMonitorLike } from '../presence-reporter.js';

type Fn<A extends unknown[] = unknown[], R = void> = Mock<(...args: A) => R>;

/** The real members' parameters, with results left to the fakes they return. */
type SameParameters<T, K extends keyof T> = { [P in K]: T[P] extends (...args: infer A) => unknown ? (...args: A) => unknown : T[P] };

export type FakeRect = Rectangle;

interface PreventableEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function preventableEvent<T extends object>(extra: T = {} as T): PreventableEvent & T {
  const event = {
    ...extra,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

// --- windows -------------------------------------------------------------------------------

let nextWebContentsId = 1;

export class FakeWebContents
  extends EventEmitter
  implements Pick<WebContents, 'id' | 'postMessage' | 'send' | 'isLoading' | 'isDestroyed' | 'isDevToolsOpened' | 'getURL' | 'setWindowOpenHandler'>
{
  readonly id = nextWebContentsId++;
  loading = true;
  destroyed = false;
  devToolsOpened = false;
  url = '';
  readonly posted: Array<{ channel: string; message: unknown; transfer: readonly unknown[] }> = [];
  /** What webContents.send delivered, per channel, in order. */
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null;
  readonly mainFrame = { url: '', parent: null };

  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }

  postMessage(channel: string, message: unknown, transfer: MessagePortMain[] | FakeMessagePort[] = []): void {
    this.posted.push({ channel, message, transfer });
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args: args.map((arg) => structuredClone(arg)) });
  }

  isLoading(): boolean {
    return this.loading;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  isDevToolsOpened(): boolean {
    return this.devToolsOpened;
  }

  getURL(): string {
    return this.url;
  }

  /** Plays the page finishing to load. */
  finishLoad(): void {
    this.loading = false;
    this.emit('did-finish-load');
  }

  /** Plays a reload (the page is loading again). */
  startLoad(): void {
    this.loading = true;
  }
}

export class FakeBrowserWindow
  extends EventEmitter
  implements
    Pick<
      RealBrowserWindow,
      | 'loadURL'
      | 'show'
      | 'showInactive'
      | 'hide'
      | 'focus'
      | 'isVisible'
      | 'isFocused'
      | 'isDestroyed'
      | 'isMinimized'
      | 'restore'
      | 'setBounds'
      | 'getBounds'
      | 'setBackgroundColor'
      | 'close'
      | 'destroy'
      | 'setVisibleOnAllWorkspaces'
    >
{
  static readonly instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly options: BrowserWindowConstructorOptions;
  visible = false;
  focused = false;
  destroyed = false;
  minimized = false;
  bounds: FakeRect;
  backgroundColor: string | undefined;
  readonly setVisibleOnAllWorkspaces: Fn<[visible: boolean, options?: unknown]> = vi.fn();

  constructor(options: BrowserWindowConstructorOptions = {}) {
    super();
    this.options = options;
    this.bounds = { x: 0, y: 0, width: options.width ?? 800, height: options.height ?? 600 };
    this.backgroundColor = options.backgroundColor;
    FakeBrowserWindow.instances.push(this);
  }

  loadURL(url: string): Promise<void> {
    this.webContents.url = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }

  show(): void {
    this.visible = true;
    this.focused = true;
  }

  showInactive(): void {
    this.visible = true;
  }

  hide(): void {
    this.visible = false;
    this.focused = false;
  }

  focus(): void {
    this.focused = true;
  }

  isVisible(): boolean {
    return this.visible;
  }

  isFocused(): boolean {
    return this.focused;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  restore(): void {
    this.minimized = false;
  }

  setBounds(bounds: Partial<Rectangle>): void {
    this.bounds = { ...this.bounds, ...bounds };
  }

  getBounds(): Rectangle {
    return { ...this.bounds };
  }

  setBackgroundColor(color: string): void {
    this.backgroundColor = color;
  }

  /** Plays the OS closing the window; listeners may prevent it. */
  close(): void {
    const event = preventableEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }

  destroy(): void {
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroyed = true;
    this.emit('closed');
  }

  /** Plays the window losing focus. */
  blur(): void {
    this.focused = false;
    this.emit('blur');
  }

  /** Plays the window becoming ready to show. */
  readyToShow(): void {
    this.emit('ready-to-show');
  }
}

export const BrowserWindow = FakeBrowserWindow;

// --- screen --------------------------------------------------------------------------------

export interface FakeDisplay {
  bounds: FakeRect;
  workArea: FakeRect;
}

export const screenState: { display: FakeDisplay; cursor: { x: number; y: number } } = {
  display: { bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } },
  cursor: { x: 0, y: 0 },
};

function display({ bounds, workArea }: FakeDisplay): Display {
  return {
    id: 1,
    label: 'Fake display',
    bounds,
    workArea,
    size: { width: bounds.width, height: bounds.height },
    workAreaSize: { width: workArea.width, height: workArea.height },
    nativeOrigin: { x: bounds.x, y: bounds.y },
    scaleFactor: 1,
    rotation: 0,
    colorDepth: 24,
    colorSpace: 'srgb',
    depthPerComponent: 8,
    displayFrequency: 60,
    detected: true,
    internal: true,
    monochrome: false,
    maximumCursorSize: { width: 64, height: 64 },
    accelerometerSupport: 'unknown',
    touchSupport: 'unknown',
  };
}

export const screen = {
  getCursorScreenPoint: () => ({ ...screenState.cursor }),
  getDisplayMatching: (_rect: Rectangle) => display(screenState.display),
  getDisplayNearestPoint: (_point: { x: number; y: number }) => display(screenState.display),
} satisfies Pick<Screen, 'getCursorScreenPoint' | 'getDisplayMatching' | 'getDisplayNearestPoint'>;

// --- tray, menus, images ------------------------------------------------------------------

export class FakeNativeImage implements Pick<NativeImage, 'isEmpty' | 'setTemplateImage'> {
  template = false;
  constructor(
    readonly path: string,
    readonly empty = false,
  ) {}

  isEmpty(): boolean {
    return this.empty;
  }

  setTemplateImage(value: boolean): void {
    this.template = value;
  }
}

export const nativeImage = {
  createFromPath: (path: string) => new FakeNativeImage(path),
} satisfies SameParameters<typeof RealNativeImageModule, 'createFromPath'>;

export class FakeMenu {
  constructor(readonly template: MenuItemConstructorOptions[]) {}

  item(id: string): MenuItemConstructorOptions | undefined {
    return this.template.find((entry) => entry.id === id);
  }
}

export const Menu = {
  // The shell builds menus from options only; MenuItem objects would need a fake of their own.
  buildFromTemplate: (template: Array<MenuItemConstructorOptions | MenuItem>) => new FakeMenu(template as MenuItemConstructorOptions[]),
  setApplicationMenu: vi.fn<(menu: RealMenu | FakeMenu | null) => void>(),
} satisfies SameParameters<typeof RealMenu, 'buildFromTemplate' | 'setApplicationMenu'>;

export class FakeTray
  extends EventEmitter
  implements Pick<RealTray, 'setImage' | 'setToolTip' | 'setContextMenu' | 'popUpContextMenu' | 'getBounds' | 'destroy' | 'setIgnoreDoubleClickEvents'>
{
  static readonly instances: FakeTray[] = [];
  image: unknown;
  tooltip = '';
  contextMenu: FakeMenu | null = null;
  poppedUp: FakeMenu | null = null;
  bounds: FakeRect = { x: 0, y: 0, width: 0, height: 0 };
  destroyed = false;
  ignoreDoubleClick = false;

  constructor(image: NativeImage | FakeNativeImage | string) {
    super();
    this.image = image;
    FakeTray.instances.push(this);
  }

  setImage(image: NativeImage | FakeNativeImage | string): void {
    this.image = image;
  }

  setToolTip(text: string): void {
    this.tooltip = text;
  }

  setContextMenu(menu: RealMenu | FakeMenu | null): void {
    this.contextMenu = menu as FakeMenu | null;
  }

  popUpContextMenu(menu?: RealMenu | FakeMenu): void {
    this.poppedUp = (menu as FakeMenu | undefined) ?? null;
  }

  getBounds(): Rectangle {
    return { ...this.bounds };
  }

  destroy(): void {
    this.destroyed = true;
  }

  setIgnoreDoubleClickEvents(value: boolean): void {
    this.ignoreDoubleClick = value;
  }

  /** Plays a left click, with the bounds macOS and Windows report. */
  click(bounds: FakeRect = this.bounds): void {
    this.emit('click', preventableEvent(), bounds);
  }

  /** The menu item with this id in the current context menu (or the popped-up one). */
  menuItem(id: string): MenuItemConstructorOptions | undefined {
    return (this.contextMenu ?? this.poppedUp)?.item(id);
  }

  /** Clicks the menu item with this id; a checkbox flips first, as Electron does. */
  choose(id: string): void {
    const menu = this.contextMenu ?? this.poppedUp;
    const item = menu?.item(id);
    if (!item?.click) throw new Error(`no clickable menu item "${id}" in ${JSON.stringify(menu?.template.map((i) => i.id))}`);
    const clicked = { ...item, checked: item.type === 'checkbox' ? !item.checked : item.checked };
    (item.click as unknown as (menuItem: typeof clicked) => void)(clicked);
  }
}

export const Tray = FakeTray;

// --- notifications -------------------------------------------------------------------------

export class FakeNotification extends EventEmitter implements Pick<RealNotification, 'show' | 'close'> {
  static readonly instances: FakeNotification[] = [];
  static supported = true;
  static activationHandler: ((details: ActivationArguments) => void) | null = null;
  shown = false;
  closed = false;

  static isSupported(): boolean {
    return FakeNotification.supported;
  }

  static handleActivation(callback: (details: ActivationArguments) => void): void {
    FakeNotification.activationHandler = callback;
  }

  /** Plays Windows activating the app from a toast no object hears (Action Center). */
  static activate(details: ActivationArguments): void {
    FakeNotification.activationHandler?.(details);
  }

  constructor(readonly options: NotificationConstructorOptions = {}) {
    super();
    FakeNotification.instances.push(this);
  }

  show(): void {
    this.shown = true;
  }

  close(): void {
    this.closed = true;
    this.emit('close', preventableEvent());
  }

  /** Plays the user clicking the notification. */
  click(): void {
    this.emit('click', preventableEvent());
  }

  /** Plays the OS refusing to show it (an unsigned macOS build, notifications off). */
  fail(error: string): void {
    this.emit('failed', preventableEvent(), error);
  }
}

// The statics the shell calls, checked against the real class.
FakeNotification satisfies SameParameters<typeof RealNotification, 'isSupported' | 'handleActivation'>;

export const Notification = FakeNotification;

// --- IPC and message ports -----------------------------------------------------------------

type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** ipcMain: `on` through the EventEmitter; `handle`d channels kept so a test can `invoke` them as a page would. */
export const ipcMain = Object.assign(new EventEmitter(), {
  handlers: new Map<string, InvokeHandler>(),
  handle(channel: string, listener: InvokeHandler): void {
    // Electron refuses a second handler on one channel; so does the fake.
    if (ipcMain.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcMain.handlers.set(channel, listener);
  },
  removeHandler(channel: string): void {
    ipcMain.handlers.delete(channel);
  },
  /** What ipcRenderer.invoke does: the handler's answer, or its error, as a promise. */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return await handler(event as IpcMainInvokeEvent, ...args);
  },
}) satisfies SameParameters<IpcMain, 'handle' | 'removeHandler'>;

/** One end of a FakeMessageChannelMain: delivers asynchronously, once started, like Electron. */
export class FakeMessagePort extends EventEmitter implements Pick<MessagePortMain, 'postMessage' | 'start' | 'close'> {
  other: FakeMessagePort | null = null;
  started = false;
  closed = false;
  readonly #queue: unknown[] = [];

  postMessage(data: unknown): void {
    if (this.closed || !this.other || this.other.closed) return;
    this.other.#deliver(structuredClone(data));
  }

  start(): void {
    this.started = true;
    for (const data of this.#queue.splice(0)) this.#emitLater(data);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
    this.other?.close();
  }

  #deliver(data: unknown): void {
    if (this.started) this.#emitLater(data);
    else this.#queue.push(data);
  }

  #emitLater(data: unknown): void {
    setImmediate(() => {
      if (!this.closed) this.emit('message', { data, ports: [] });
    });
  }
}

export class MessageChannelMain {
  static readonly instances: MessageChannelMain[] = [];
  readonly port1 = new FakeMessagePort();
  readonly port2 = new FakeMessagePort();

  constructor() {
    this.port1.other = this.port2;
    this.port2.other = this.port1;
    MessageChannelMain.instances.push(this);
  }
}

// --- the engine process --------------------------------------------------------------------

export class FakeUtilityProcess extends EventEmitter implements Pick<UtilityProcess, 'pid' | 'kill' | 'postMessage'> {
  static readonly instances: FakeUtilityProcess[] = [];
  /** Above the largest pid Linux hands out (2^22): a force-kill of a fake pid can never hit a real process. */
  static nextPid = 4_194_304 + 1000;
  readonly pid: number | undefined = FakeUtilityProcess.nextPid++;
  readonly stdout = new EventEmitter();
  readonly stderr = new EventEmitter();
  readonly received: Array<{ message: unknown; transfer: readonly unknown[] }> = [];
  killed = false;
  exited = false;
  /** Whether kill() makes it exit (a wedged engine does not). */
  diesOnKill = true;
  /** Whether a `shutdown` message makes it exit (an engine that honours the protocol does). */
  exitsOnShutdown = true;

  constructor(
    readonly modulePath: string,
    readonly args: readonly string[],
    readonly options: unknown,
  ) {
    super();
    FakeUtilityProcess.instances.push(this);
  }

  postMessage(message: unknown, transfer: MessagePortMain[] | FakeMessagePort[] = []): void {
    this.received.push({ message, transfer });
    if (this.exitsOnShutdown && (message as { type?: unknown } | null)?.type === 'shutdown') {
      // The real engine closes IMAP and the database first: exit on a later turn.
      setImmediate(() => this.exit(0));
    }
  }

  /** What the shell posted, by message type. */
  messages(type: string): unknown[] {
    return this.received.map((entry) => entry.message).filter((message) => (message as { type?: unknown }).type === type);
  }

  kill(): boolean {
    this.killed = true;
    if (this.diesOnKill) this.exit(0);
    return true;
  }

  /** Plays the engine posting on its parentPort. */
  send(message: unknown): void {
    this.emit('message', message);
  }

  exit(code: number): void {
    if (this.exited) return;
    this.exited = true;
    this.emit('exit', code);
  }
}

export const utilityProcess = {
  fork: vi.fn((modulePath: string, args: string[] = [], options: unknown = {}) => new FakeUtilityProcess(modulePath, args, options)),
} satisfies SameParameters<typeof RealUtilityProcessModule, 'fork'>;

// --- power, theme, shortcuts, session, dialogs ---------------------------------------------

export class FakePowerMonitor extends EventEmitter implements PowerMonitorLike {
  idleState: ReturnType<PowerMonitor['getSystemIdleState']> = 'active';
  readonly thresholds: number[] = [];

  getSystemIdleState(idleThreshold: number): ReturnType<PowerMonitor['getSystemIdleState']> {
    this.thresholds.push(idleThreshold);
    return this.idleState;
  }
}

export const powerMonitor = new FakePowerMonitor();

export const protocol = {
  registerSchemesAsPrivileged: vi.fn<Protocol['registerSchemesAsPrivileged']>(),
  handle: vi.fn<Protocol['handle']>(),
} satisfies Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>;

export const globalShortcut = {
  taken: new Set<string>(),
  handlers: new Map<string, () => void>(),
  register: vi.fn((accelerator: string, handler: () => void): boolean => {
    if (globalShortcut.taken.has(accelerator)) return false;
    globalShortcut.handlers.set(accelerator, handler);
    return true;
  }),
  unregisterAll: vi.fn(() => globalShortcut.handlers.clear()),
  /** Plays the user pressing a registered shortcut. */
  press(accelerator: string): void {
    const handler = globalShortcut.handlers.get(accelerator);
    if (!handler) throw new Error(`${accelerator} is not registered`);
    handler();
  },
} satisfies Pick<GlobalShortcut, 'register' | 'unregisterAll'> & Record<string, unknown>;

export const nativeTheme = Object.assign(new EventEmitter(), { shouldUseDarkColors: false });

export const session = {
  defaultSession: {
    setPermissionRequestHandler: vi.fn<Session['setPermissionRequestHandler']>(),
    setPermissionCheckHandler: vi.fn<Session['setPermissionCheckHandler']>(),
    setDevicePermissionHandler: vi.fn<Session['setDevicePermissionHandler']>(),
  } satisfies Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>,
};

export const dialog = {
  showErrorBox: vi.fn<Dialog['showErrorBox']>(),
  showOpenDialog: vi.fn((_window: RealBrowserWindow, _options: OpenDialogOptions): Promise<OpenDialogReturnValue> => Promise.resolve({ canceled: true, filePaths: [] })),
  showMessageBox: vi.fn((_options: MessageBoxOptions): Promise<MessageBoxReturnValue> => Promise.resolve({ response: 1, checkboxChecked: false })),
} satisfies SameParameters<Dialog, 'showErrorBox'> & {
  showMessageBox(options: MessageBoxOptions): Promise<MessageBoxReturnValue>;
  showOpenDialog(window: RealBrowserWindow, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
};

// --- the app -------------------------------------------------------------------------------

export class FakeDock implements Pick<Dock, 'show' | 'hide'> {
  visible = true;
  readonly show = vi.fn(() => {
    this.visible = true;
    return Promise.resolve();
  });
  readonly hide = vi.fn(() => {
    this.visible = false;
  });
}

export class FakeCommandLine implements Pick<CommandLine, 'hasSwitch' | 'getSwitchValue'> {
  readonly switches = new Map<string, string>();

  hasSwitch(name: string): boolean {
    return this.switches.has(name);
  }

  getSwitchValue(name: string): string {
    return this.switches.get(name) ?? '';
  }
}

class FakeApp
  extends EventEmitter
  implements
    Pick<
      App,
      | 'quit'
      | 'exit'
      | 'focus'
      | 'setAppUserModelId'
      | 'setAppLogsPath'
      | 'requestSingleInstanceLock'
      | 'whenReady'
      | 'getPath'
      | 'setPath'
      | 'getAppPath'
      | 'getLoginItemSettings'
      | 'setLoginItemSettings'
      | 'isPackaged'
    >
{
  isPackaged = false;
  readonly paths = new Map<string, string>([
    ['userData', '/fake/user-data'],
    ['logs', '/fake/user-data/logs'],
  ]);
  readonly quit = vi.fn(() => {
    const event = preventableEvent();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.emit('will-quit', preventableEvent());
  });
  readonly exit: Fn<[code?: number]> = vi.fn();
  readonly focus = vi.fn<App['focus']>();
  dock: FakeDock | undefined = new FakeDock();
  readonly commandLine = new FakeCommandLine();
  readonly setAppUserModelId: Fn<[id: string]> = vi.fn();
  readonly setAppLogsPath: Fn<[path?: string]> = vi.fn();
  readonly requestSingleInstanceLock = vi.fn(() => true);
  /** What the OS's login items hold (macOS and Windows). */
  loginItem: { openAtLogin: boolean; wasOpenedAtLogin: boolean; args: string[] } = { openAtLogin: false, wasOpenedAtLogin: false, args: [] };
  readonly setLoginItemSettings = vi.fn((settings: Settings) => {
    this.loginItem = { ...this.loginItem, openAtLogin: settings.openAtLogin ?? false, args: settings.args ?? [] };
  });
  #ready: () => void = () => undefined;
  #whenReady = new Promise<void>((resolve) => {
    this.#ready = resolve;
  });

  getLoginItemSettings(options?: { args?: string[] }): LoginItemSettings {
    const argsMatch = JSON.stringify(options?.args ?? []) === JSON.stringify(this.loginItem.args);
    return {
      openAtLogin: this.loginItem.openAtLogin && argsMatch,
      wasOpenedAtLogin: this.loginItem.wasOpenedAtLogin,
      status: this.loginItem.openAtLogin ? 'enabled' : 'not-registered',
      executableWillLaunchAtLogin: this.loginItem.openAtLogin,
      launchItems: [],
    };
  }

  whenReady(): Promise<void> {
    return this.#whenReady;
  }

  /** Plays Electron finishing its startup. */
  becomeReady(): void {
    this.#ready();
  }

  getPath(name: string): string {
    const path = this.paths.get(name);
    if (!path) throw new Error(`fake app has no path "${name}"`);
    return path;
  }

  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }

  getAppPath(): string {
    return '/fake/app';
  }

  /** Back to a fresh, ready app: no listeners, no login item, a Dock. For tests that start many shells. */
  reset(): void {
    this.removeAllListeners();
    this.isPackaged = false;
    this.dock = new FakeDock();
    this.commandLine.switches.clear();
    this.loginItem = { openAtLogin: false, wasOpenedAtLogin: false, args: [] };
    this.quit.mockClear();
    this.focus.mockClear();
    this.setLoginItemSettings.mockClear();
    this.#whenReady = Promise.resolve();
  }
}

export const app = new FakeApp();

// --- preload side --------------------------------------------------------------------------

export const ipcRenderer = Object.assign(new EventEmitter(), { send: vi.fn<IpcRenderer['send']>() });

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld: vi.fn((key: string, value: unknown) => {
    contextBridge.exposed.set(key, value);
  }),
} satisfies Pick<ContextBridge, 'exposeInMainWorld'> & Record<string, unknown>;

/**
 * Forgets every window, tray, notification, process and listener, for a test that starts the
 * shell more than once (one row of a table per start).
 */
export function resetFakeElectron(): void {
  FakeBrowserWindow.instances.length = 0;
  FakeTray.instances.length = 0;
  FakeNotification.instances.length = 0;
  FakeNotification.activationHandler = null;
  FakeNotification.supported = true;
  FakeUtilityProcess.instances.length = 0;
  MessageChannelMain.instances.length = 0;
  ipcMain.removeAllListeners();
  ipcMain.handlers.clear();
  powerMonitor.removeAllListeners();
  powerMonitor.idleState = 'active';
  powerMonitor.thresholds.length = 0;
  nativeTheme.removeAllListeners();
  globalShortcut.taken.clear();
  globalShortcut.handlers.clear();
  utilityProcess.fork.mockClear();
  app.reset();
}

export default {
  app,
  BrowserWindow,
  contextBridge,
  dialog,
  globalShortcut,
  ipcMain,
  ipcRenderer,
  Menu,
  MessageChannelMain,
  nativeImage,
  nativeTheme,
  Notification,
  powerMonitor,
  protocol,
  screen,
  session,
  Tray,
  utilityProcess,
};
