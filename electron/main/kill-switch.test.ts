import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineStatus } from '../../shared/domain/types.js';
import { AGENT_STATUS_UNKNOWN } from '../../shared/domain/agent.js';
import { ApiError } from '../../shared/api/errors.js';
import type { PauseOutcome } from './kill-switch.js';
import { FakeUtilityProcess, globalShortcut } from './test-support/fake-electron.js';

vi.mock('electron', async () => await import('./test-support/fake-electron.js'));

const { KillSwitch, KILL_SWITCH_ACCELERATORS, PAUSE_ACK_TIMEOUT_MS, registerKillSwitchShortcut } = await import('./kill-switch.js');
const { EngineSupervisor } = await import('./engine-supervisor.js');

function status(paused: boolean): EngineStatus {
  return { paused, pausedAt: null, pausedBy: null, pausedReason: null, accounts: [], pendingSuggestions: 0, lastSyncAt: null, version: '0.1.0', mode: 'desktop', presence: 'active', agent: AGENT_STATUS_UNKNOWN, day: null };
}

function reasonOf(outcome: PauseOutcome): string {
  if (outcome.kind !== 'hard-stopped') throw new Error(`expected a hard stop, got ${outcome.kind}`);
  return outcome.reason;
}

const never = (): Promise<EngineStatus> => new Promise<EngineStatus>(() => undefined);

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('KillSwitch', () => {
  it('an engine that confirms in time is not touched', async () => {
    const hardStop = vi.fn();
    const pause = vi.fn(() => Promise.resolve(status(true)));
    const killSwitch = new KillSwitch({ api: () => ({ pause }), hardStop, log: () => undefined });

    const outcome = await killSwitch.pause('tray');
    expect(outcome).toEqual({ kind: 'acknowledged', status: status(true) });
    expect(pause).toHaveBeenCalledWith({ reason: 'Kill switch (tray)' });
    expect(hardStop).not.toHaveBeenCalled();
  });

  it(`hard-stops an engine that does not confirm within ${PAUSE_ACK_TIMEOUT_MS} ms`, async () => {
    const hardStop = vi.fn();
    const killSwitch = new KillSwitch({ api: () => ({ pause: never }), hardStop, log: () => undefined });

    const outcome = killSwitch.pause('shortcut');
    await vi.advanceTimersByTimeAsync(PAUSE_ACK_TIMEOUT_MS - 1);
    expect(hardStop).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(hardStop).toHaveBeenCalledOnce();
    expect(reasonOf(await outcome)).toMatch(/did not confirm/);
  });

  it.each([
    ['the call fails', () => Promise.reject(new ApiError('internal', 'database is busy')), /failed: database is busy/],
    ['the engine says it is not paused', () => Promise.resolve(status(false)), /did not report itself paused/],
  ])('hard-stops when %s', async (_name, pause, reason) => {
    const hardStop = vi.fn();
    const killSwitch = new KillSwitch({ api: () => ({ pause }), hardStop, log: () => undefined });
    expect(reasonOf(await killSwitch.pause('tray'))).toMatch(reason);
    expect(hardStop).toHaveBeenCalledOnce();
  });

  it('with no engine connected, goes straight to the hard stop (so the next engine starts paused)', async () => {
    const hardStop = vi.fn();
    const killSwitch = new KillSwitch({ api: () => null, hardStop, log: () => undefined });
    await killSwitch.pause('tray');
    expect(hardStop).toHaveBeenCalledOnce();
  });

  it('presses during a pause join it', async () => {
    const hardStop = vi.fn();
    const pause = vi.fn(never);
    const killSwitch = new KillSwitch({ api: () => ({ pause }), hardStop, log: () => undefined });
    const first = killSwitch.pause('shortcut');
    const second = killSwitch.pause('shortcut');
    expect(second).toBe(first);
    await vi.advanceTimersByTimeAsync(PAUSE_ACK_TIMEOUT_MS);
    expect(pause).toHaveBeenCalledOnce();
    expect(hardStop).toHaveBeenCalledOnce();
  });

  it('with the supervisor: an unresponsive engine is killed and restarted with --start-paused', async () => {
    FakeUtilityProcess.instances.length = 0;
    const supervisor = new EngineSupervisor({
      modulePath: 'engine.js',
      dataDir: '/data',
      fork: (modulePath, args, options) => new FakeUtilityProcess(modulePath, args, options) as never,
      log: () => undefined,
    });
    supervisor.start();
    const busy = FakeUtilityProcess.instances[0] as FakeUtilityProcess;
    busy.send({ type: 'ready', apiUrl: 'http://127.0.0.1:1' });

    // The engine is stuck in a model call and never answers the pause.
    const killSwitch = new KillSwitch({ api: () => ({ pause: never }), hardStop: () => supervisor.hardStop(), log: () => undefined });
    const outcome = killSwitch.pause('shortcut');
    await vi.advanceTimersByTimeAsync(PAUSE_ACK_TIMEOUT_MS);

    await expect(outcome).resolves.toMatchObject({ kind: 'hard-stopped' });
    expect(busy.killed).toBe(true);
    const restarted = FakeUtilityProcess.instances[1] as FakeUtilityProcess;
    expect(restarted.args).toContain('--start-paused');
    expect(supervisor.state).toEqual({ kind: 'starting', paused: true });
  });
});

describe('registerKillSwitchShortcut', () => {
  beforeEach(() => {
    globalShortcut.taken.clear();
    globalShortcut.handlers.clear();
  });

  it('registers the first accelerator', () => {
    const onPress = vi.fn();
    expect(registerKillSwitchShortcut(onPress)).toBe(KILL_SWITCH_ACCELERATORS[0]);
    globalShortcut.press(KILL_SWITCH_ACCELERATORS[0]);
    expect(onPress).toHaveBeenCalledOnce();
  });

  it('falls back when another app holds it, and reports when every one is taken', () => {
    globalShortcut.taken.add(KILL_SWITCH_ACCELERATORS[0]);
    expect(registerKillSwitchShortcut(() => undefined)).toBe(KILL_SWITCH_ACCELERATORS[1]);
    globalShortcut.taken.add(KILL_SWITCH_ACCELERATORS[1]);
    expect(registerKillSwitchShortcut(() => undefined)).toBeNull();
  });

  it('avoids Escape combinations, which Windows, macOS and KDE own', () => {
    expect(KILL_SWITCH_ACCELERATORS.filter((accelerator) => /Escape/.test(accelerator))).toEqual([]);
  });
});
