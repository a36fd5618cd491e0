/**
 * Small hand-written stand-ins for the Electron APIs the shell uses (the way electron/fiddle
 * tests its main process). `require('electron')` cannot load outside Electron, so every shell
 * test starts with:
 *
 *   vi.mock('electron', async () => await import('./test-support/fake-electron.js'));
 *
 * The fakes record what the shell did to them and let a test play the user or the OS (click,
 * blur, load a page, exit a process). Only what the shell touches is here.
 */
import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions, NotificationConstructorOptions } from 'electron';
import { vi, type Mock } from 'vitest';

type Fn<A extends unknown[] = unknown[], R = void> = Mock<(...args: A) => R>;

export interface FakeRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

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

export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  loading = true;
  destroyed = false;
  devToolsOpened = false;
  url = '';
  readonly posted: Array<{ channel: string; message: unknown; transfer: readonly unknown[] }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly mainFrame = { url: '', parent: null };

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  postMessage(channel: string, message: unknown, transfer: readonly unknown[] = []): void {
    this.posted.push({ channel, message, transfer });
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
}

export class FakeBrowserWindow extends EventEmitter {
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

  isDestroyed(): boolean {
    return this.destroyed;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  restore(): void {
    this.minimized = false;
  }

  setBounds(bounds: FakeRect): void {
    this.bounds = { ...bounds };
  }

  getBounds(): FakeRect {
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

export const screen = {
  getCursorScreenPoint: () => ({ ...screenState.cursor }),
  getDisplayMatching: (_rect: FakeRect) => screenState.display,
  getDisplayNearestPoint: (_point: { x: number; y: number }) => screenState.display,
};

// --- tray, menus, images ------------------------------------------------------------------

export class FakeNativeImage {
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
};

export class FakeMenu {
  constructor(readonly template: MenuItemConstructorOptions[]) {}

  item(id: string): MenuItemConstructorOptions | undefined {
    return this.template.find((entry) => entry.id === id);
  }
}

export const Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): FakeMenu; setApplicationMenu: Fn<[menu: unknown]> } = {
  buildFromTemplate: (template) => new FakeMenu(template),
  setApplicationMenu: vi.fn(),
};

export class FakeTray extends EventEmitter {
  static readonly instances: FakeTray[] = [];
  image: unknown;
  tooltip = '';
  contextMenu: FakeMenu | null = null;
  poppedUp: FakeMenu | null = null;
  bounds: FakeRect = { x: 0, y: 0, width: 0, height: 0 };
  destroyed = false;
  ignoreDoubleClick = false;

  constructor(image: unknown) {
    super();
    this.image = image;
    FakeTray.instances.push(this);
  }

  setImage(image: unknown): void {
    this.image = image;
  }

  setToolTip(text: string): void {
    this.tooltip = text;
  }

  setContextMenu(menu: FakeMenu | null): void {
    this.contextMenu = menu;
  }

  popUpContextMenu(menu?: FakeMenu): void {
    this.poppedUp = menu ?? null;
  }

  getBounds(): FakeRect {
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

  /** Clicks the menu item with this id in the current context menu (or the popped-up one). */
  choose(id: string): void {
    const menu = this.contextMenu ?? this.poppedUp;
    const item = menu?.item(id);
    if (!item?.click) throw new Error(`no clickable menu item "${id}" in ${JSON.stringify(menu?.template.map((i) => i.id))}`);
    (item.click as () => void)();
  }
}

export const Tray = FakeTray;

// --- notifications -------------------------------------------------------------------------

export class FakeNotification extends EventEmitter {
  static readonly instances: FakeNotification[] = [];
  static supported = true;
  shown = false;
  closed = false;

  static isSupported(): boolean {
    return FakeNotification.supported;
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
}

export const Notification = FakeNotification;

// --- IPC and message ports -----------------------------------------------------------------

export const ipcMain = new EventEmitter();

/** One end of a FakeMessageChannelMain: delivers asynchronously, once started, like Electron. */
export class FakeMessagePort extends EventEmitter {
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

export class FakeUtilityProcess extends EventEmitter {
  static readonly instances: FakeUtilityProcess[] = [];
  static nextPid = 1000;
  readonly pid: number | undefined = FakeUtilityProcess.nextPid++;
  readonly stdout = new EventEmitter();
  readonly stderr = new EventEmitter();
  readonly received: Array<{ message: unknown; transfer: readonly unknown[] }> = [];
  killed = false;
  exited = false;
  /** Whether kill() makes it exit (a wedged engine does not). */
  diesOnKill = true;

  constructor(
    readonly modulePath: string,
    readonly args: readonly string[],
    readonly options: unknown,
  ) {
    super();
    FakeUtilityProcess.instances.push(this);
  }

  postMessage(message: unknown, transfer: readonly unknown[] = []): void {
    this.received.push({ message, transfer });
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
};

// --- the rest of the main-process modules ---------------------------------------------------

export const protocol: { registerSchemesAsPrivileged: Fn<[schemes: unknown[]]>; handle: Fn<[scheme: string, handler: unknown]> } = {
  registerSchemesAsPrivileged: vi.fn(),
  handle: vi.fn(),
};

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
};

export const nativeTheme = Object.assign(new EventEmitter(), { shouldUseDarkColors: false });

export const session: { defaultSession: Record<'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler', Fn<[handler: unknown]>> } = {
  defaultSession: {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
  },
};

export const dialog: {
  showErrorBox: Fn<[title: string, content: string]>;
  showMessageBox: Fn<[options: unknown], Promise<{ response: number; checkboxChecked: boolean }>>;
} = {
  showErrorBox: vi.fn(),
  showMessageBox: vi.fn(() => Promise.resolve({ response: 1, checkboxChecked: false })),
};

class FakeApp extends EventEmitter {
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
  readonly dock: { hide: Fn } = { hide: vi.fn() };
  readonly setAppUserModelId: Fn<[id: string]> = vi.fn();
  readonly setAppLogsPath: Fn<[path?: string]> = vi.fn();
  readonly requestSingleInstanceLock = vi.fn(() => true);
  #ready: () => void = () => undefined;
  readonly #whenReady = new Promise<void>((resolve) => {
    this.#ready = resolve;
  });

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
}

export const app = new FakeApp();

// --- preload side --------------------------------------------------------------------------

export const ipcRenderer: EventEmitter & { send: Fn<[channel: string, ...args: unknown[]]> } = Object.assign(new EventEmitter(), { send: vi.fn() });

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld: vi.fn((key: string, value: unknown) => {
    contextBridge.exposed.set(key, value);
  }),
};

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
  protocol,
  screen,
  session,
  Tray,
  utilityProcess,
};
