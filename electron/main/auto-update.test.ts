/** electron-updater, configured never to install behind the shell's back or over an action. */
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { Suggestion } from '../../shared/domain/types.js';
import { AutoUpdate, engineHasActionsInFlight, type UpdateState } from './auto-update.js';

function fakeUpdater() {
  const listeners = new Map<string, (payload: unknown) => void>();
  return {
    autoDownload: false,
    autoInstallOnAppQuit: true,
    checkForUpdates: vi.fn(() => Promise.resolve(null)),
    quitAndInstall: vi.fn(),
    on: vi.fn((event: string, listener: (payload: unknown) => void) => {
      listeners.set(event, listener);
      return undefined as never;
    }),
    emit: (event: string, payload: unknown) => listeners.get(event)?.(payload),
  };
}

let updater: ReturnType<typeof fakeUpdater>;
let inFlight: boolean;
let states: UpdateState[];
let quitToInstall: Mock<() => void>;
let update: AutoUpdate;

beforeEach(() => {
  vi.useFakeTimers();
  updater = fakeUpdater();
  inFlight = false;
  states = [];
  quitToInstall = vi.fn<() => void>();
  update = new AutoUpdate({
    updater: updater as never,
    actionsInFlight: () => Promise.resolve(inFlight),
    quitToInstall,
    onChange: (state) => states.push(state),
    log: () => undefined,
  });
  update.start();
});

afterEach(() => {
  update.stop();
  vi.useRealTimers();
});

describe('AutoUpdate', () => {
  it('downloads by itself but never installs by itself, and checks every six hours', () => {
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(6 * 60 * 60_000);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
  });

  it('nothing downloaded: nothing to install, the quit goes on as usual', async () => {
    await expect(update.restartToUpdate()).resolves.toBe('nothing-to-install');
    expect(update.installAfterEngineStopped()).toBe(false);
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
  });

  it('Restart to Update waits while an action is in flight, then quits through the shell', async () => {
    updater.emit('update-downloaded', { version: '0.2.0' });
    inFlight = true;
    await expect(update.restartToUpdate()).resolves.toBe('waiting');
    expect(states.at(-1)).toEqual({ kind: 'waiting-for-actions', version: '0.2.0' });
    await vi.advanceTimersByTimeAsync(15_000);
    expect(quitToInstall).not.toHaveBeenCalled();
    inFlight = false;
    await vi.advanceTimersByTimeAsync(15_000);
    expect(quitToInstall).toHaveBeenCalledOnce();
    // The shell's quit path, once the engine has exited:
    expect(update.installAfterEngineStopped()).toBe(true);
    expect(updater.quitAndInstall).toHaveBeenCalledWith(true, true);
  });

  it('a plain quit with an update downloaded installs it without relaunching', () => {
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(update.installAfterEngineStopped()).toBe(true);
    expect(updater.quitAndInstall).toHaveBeenCalledWith(true, false);
  });
});

describe('engineHasActionsInFlight', () => {
  const suggestion = (status: string, actionStatuses: string[]) =>
    ({ status, actions: actionStatuses.map((s) => ({ status: s })) }) as unknown as Suggestion;

  it.each([
    ['a running suggestion', [suggestion('running', [])], true],
    ['an approved step waiting to run', [suggestion('pending', ['approved'])], true],
    ['a running step', [suggestion('failed', ['done', 'running'])], true],
    ['only proposals', [suggestion('pending', ['proposed'])], false],
    ['nothing open', [], false],
  ])('%s → %s', async (_name, open, expected) => {
    await expect(engineHasActionsInFlight({ listSuggestions: () => Promise.resolve(open) })).resolves.toBe(expected);
  });

  it('no engine: nothing can run; the question failing: assume something does', async () => {
    await expect(engineHasActionsInFlight(null)).resolves.toBe(false);
    await expect(engineHasActionsInFlight({ listSuggestions: () => Promise.reject(new Error('closed')) })).resolves.toBe(true);
  });
});
