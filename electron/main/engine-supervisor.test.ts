import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeUtilityProcess } from './test-support/fake-electron.js';
import { defaultRestartDelayMs, EngineSupervisor, engineEnv, type SupervisorOptions } from './engine-supervisor.js';

const READY = { type: 'ready', apiUrl: 'http://127.0.0.1:4100' };

function createSupervisor(options: Partial<SupervisorOptions> = {}) {
  const fork = vi.fn((modulePath: string, args: string[], forkOptions: unknown) => new FakeUtilityProcess(modulePath, args, forkOptions));
  const supervisor = new EngineSupervisor({
    modulePath: '/app/out/main/engine.js',
    dataDir: '/data',
    fork: fork as unknown as SupervisorOptions['fork'],
    log: () => undefined,
    ...options,
  });
  const gaveUp = vi.fn();
  supervisor.on('gave-up', gaveUp);
  const current = (): FakeUtilityProcess => FakeUtilityProcess.instances.at(-1) as FakeUtilityProcess;
  return { supervisor, fork, gaveUp, current };
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeUtilityProcess.instances.length = 0;
});

afterEach(() => {
  vi.useRealTimers();
});

describe('engineEnv', () => {
  it('gives the engine two malloc arenas, unless the user chose a number', () => {
    expect(engineEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', MALLOC_ARENA_MAX: '2' });
    expect(engineEnv({ MALLOC_ARENA_MAX: '4', HOME: undefined })).toEqual({ MALLOC_ARENA_MAX: '4' });
  });
});

describe('EngineSupervisor', () => {
  it('forks the engine entry with the data folder, desktop mode and a service name', () => {
    const { supervisor, fork } = createSupervisor();
    supervisor.start();
    expect(fork).toHaveBeenCalledWith('/app/out/main/engine.js', ['--data-dir', '/data', '--mode', 'desktop'], {
      serviceName: 'Steward Engine',
      stdio: 'pipe',
      env: expect.objectContaining({ MALLOC_ARENA_MAX: '2' }) as unknown,
    });
    expect(supervisor.state).toEqual({ kind: 'starting', paused: false });
  });

  it('forwards ready with the process and the API address', () => {
    const { supervisor, current } = createSupervisor();
    const ready = vi.fn();
    supervisor.on('ready', ready);
    supervisor.start();
    current().send({ type: 'something-else' });
    expect(ready).not.toHaveBeenCalled();
    current().send(READY);
    expect(ready).toHaveBeenCalledWith(current(), READY.apiUrl);
    expect(supervisor.readyProcess).toBe(current());
  });

  it('restarts a crashed engine with growing delays, never in a tight loop', () => {
    const { supervisor, fork, current } = createSupervisor();
    supervisor.start();
    current().send(READY);

    current().exit(1);
    expect(fork).toHaveBeenCalledTimes(1);
    expect(supervisor.state).toMatchObject({ kind: 'backing-off', crashes: 1, delayMs: 1000 });
    vi.advanceTimersByTime(999);
    expect(fork).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(fork).toHaveBeenCalledTimes(2);

    current().exit(1);
    vi.advanceTimersByTime(1999);
    expect(fork).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1);
    expect(fork).toHaveBeenCalledTimes(3);
  });

  it('gives up after five crashes in a row, says why, and stays down until asked', () => {
    const { supervisor, fork, gaveUp, current } = createSupervisor();
    supervisor.start();
    for (let crash = 1; crash <= 5; crash += 1) {
      if (crash === 5) current().send({ type: 'fatal', message: 'The database file is locked by another program.' });
      current().exit(1);
      vi.advanceTimersByTime(60_000);
    }
    expect(fork).toHaveBeenCalledTimes(5);
    expect(gaveUp).toHaveBeenCalledOnce();
    expect(gaveUp.mock.calls[0]?.[0]).toMatch(/stopped unexpectedly 5 times in a row.*database file is locked/);
    expect(supervisor.state.kind).toBe('failed');

    vi.advanceTimersByTime(10 * 60_000);
    expect(fork).toHaveBeenCalledTimes(5);

    supervisor.restart();
    expect(fork).toHaveBeenCalledTimes(6);
  });

  it('an engine that stays up a minute earns a clean slate', () => {
    const { supervisor, gaveUp, current } = createSupervisor();
    supervisor.start();
    for (let round = 0; round < 12; round += 1) {
      current().send(READY);
      vi.advanceTimersByTime(60_000);
      current().exit(1);
      vi.advanceTimersByTime(1000);
    }
    expect(gaveUp).not.toHaveBeenCalled();
  });

  it('an engine that never says ready is stopped and counted as a crash', () => {
    const { supervisor, fork, current } = createSupervisor({ readyTimeoutMs: 30_000 });
    supervisor.start();
    const hung = current();
    vi.advanceTimersByTime(30_000);
    expect(hung.killed).toBe(true);
    expect(supervisor.state).toMatchObject({ kind: 'backing-off', crashes: 1 });
    vi.advanceTimersByTime(1000);
    expect(fork).toHaveBeenCalledTimes(2);
  });

  it('hardStop kills the engine and starts a new one at once, paused', () => {
    const { supervisor, fork, current } = createSupervisor();
    supervisor.start();
    current().send(READY);
    const first = current();

    expect(supervisor.hardStop()).toBe(true);
    expect(first.killed).toBe(true);
    expect(fork).toHaveBeenCalledTimes(2);
    expect(fork.mock.calls[1]?.[1]).toEqual(['--data-dir', '/data', '--mode', 'desktop', '--start-paused']);
    expect(supervisor.state).toEqual({ kind: 'starting', paused: true });

    // Once that engine is ready it has persisted the pause: later restarts need no flag.
    current().send(READY);
    current().exit(1);
    vi.advanceTimersByTime(1000);
    expect(fork.mock.calls[2]?.[1]).not.toContain('--start-paused');
  });

  it('hardStop insists: an engine that ignores kill() is force-killed after the grace period', () => {
    const forceKill = vi.fn();
    const { supervisor, current } = createSupervisor({ forceKill, killGraceMs: 1500 });
    supervisor.start();
    current().send(READY);
    const wedged = current();
    wedged.diesOnKill = false;

    supervisor.hardStop();
    vi.advanceTimersByTime(1499);
    expect(forceKill).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(forceKill).toHaveBeenCalledWith(wedged.pid);
  });

  it('never force-kills a pid after the engine exited (the OS may have reused it)', () => {
    const forceKill = vi.fn();
    const { supervisor, current } = createSupervisor({ forceKill });
    supervisor.start();
    current().send(READY);
    supervisor.hardStop();
    vi.advanceTimersByTime(10_000);
    expect(forceKill).not.toHaveBeenCalled();
  });

  it('hardStop while backing off makes the next start paused', () => {
    const { supervisor, fork, current } = createSupervisor();
    supervisor.start();
    current().exit(1);
    expect(supervisor.hardStop()).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(fork.mock.calls[1]?.[1]).toContain('--start-paused');
  });

  it('a hard stop is not a crash', () => {
    const { supervisor, gaveUp, current } = createSupervisor();
    supervisor.start();
    for (let i = 0; i < 10; i += 1) {
      current().send(READY);
      supervisor.hardStop();
    }
    expect(gaveUp).not.toHaveBeenCalled();
    expect(supervisor.state.kind).toBe('starting');
  });

  it('stop (quit) asks the engine to shut down over its port, without killing it, and never restarts it', async () => {
    const { supervisor, fork, current } = createSupervisor();
    supervisor.start();
    current().send(READY);
    const stopped = supervisor.stop();
    expect(current().messages('shutdown')).toEqual([{ type: 'shutdown' }]);
    vi.advanceTimersByTime(0);
    await stopped;
    expect(current().killed).toBe(false);
    vi.advanceTimersByTime(60_000);
    expect(fork).toHaveBeenCalledTimes(1);
    expect(supervisor.state.kind).toBe('stopped');
  });

  it('stop kills only an engine still running after the shutdown timeout (on Windows kill() runs no handler)', async () => {
    const forceKill = vi.fn();
    const { supervisor, current } = createSupervisor({ shutdownTimeoutMs: 8000, killGraceMs: 1500, forceKill });
    supervisor.start();
    current().send(READY);
    const slow = current();
    slow.exitsOnShutdown = false;
    slow.diesOnKill = false;
    const stopped = supervisor.stop();
    vi.advanceTimersByTime(7999);
    expect(slow.killed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(slow.killed).toBe(true);
    vi.advanceTimersByTime(1500);
    expect(forceKill).toHaveBeenCalledWith(slow.pid);
    slow.exit(137);
    await stopped;
  });

  it('stop during a hard stop lets the kill finish rather than asking again', async () => {
    const { supervisor, current, fork } = createSupervisor();
    supervisor.start();
    current().send(READY);
    const first = current();
    first.diesOnKill = false;
    supervisor.hardStop();
    const stopped = supervisor.stop();
    expect(first.messages('shutdown')).toEqual([]);
    first.exit(1);
    await stopped;
    expect(fork).toHaveBeenCalledTimes(1);
  });

  it('cleans up after every engine that exited, with its pid, before the next one starts', () => {
    const order: string[] = [];
    const { supervisor, current } = createSupervisor({ cleanUpAfter: (pid) => order.push(`clean ${pid}`) });
    supervisor.on('spawn', (child) => order.push(`spawn ${child.pid}`));
    supervisor.start();
    current().send(READY);
    const first = current();
    supervisor.hardStop();
    expect(order).toEqual([`spawn ${first.pid}`, `clean ${first.pid}`, `spawn ${current().pid}`]);
  });

  it('a cleanup that throws is logged and does not stop the restart', () => {
    const log = vi.fn();
    const { supervisor, fork, current } = createSupervisor({
      log,
      cleanUpAfter: () => {
        throw new Error('EACCES');
      },
    });
    supervisor.start();
    current().exit(1);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('EACCES'));
    vi.advanceTimersByTime(1000);
    expect(fork).toHaveBeenCalledTimes(2);
  });

  it('a fork that throws is a crash too', () => {
    let calls = 0;
    const { supervisor } = createSupervisor({
      fork: () => {
        calls += 1;
        throw new Error('ENOENT engine.js');
      },
    });
    supervisor.start();
    expect(supervisor.state).toMatchObject({ kind: 'backing-off', crashes: 1 });
    vi.advanceTimersByTime(1000);
    expect(calls).toBe(2);
  });
});

describe('defaultRestartDelayMs', () => {
  it('doubles from one second and caps at thirty', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(defaultRestartDelayMs)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
});
