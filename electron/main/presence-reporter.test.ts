/** Sleep, wake, lock, unlock and idle, as reports to the engine. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PresenceReport } from '../../shared/domain/types.js';
import { FakePowerMonitor } from './test-support/fake-electron.js';
import { IDLE_POLL_MS, presenceFromIdleState, PresenceReporter, stateAfter } from './presence-reporter.js';

vi.mock('electron', async () => await import('./test-support/fake-electron.js'));

let monitor: FakePowerMonitor;
let reports: PresenceReport[];
let connected: boolean;
let reporter: PresenceReporter;

function api() {
  return connected
    ? {
        reportPresence: (input: { state: PresenceReport }) => {
          reports.push(input.state);
          return Promise.resolve({} as never);
        },
      }
    : null;
}

beforeEach(() => {
  vi.useFakeTimers();
  monitor = new FakePowerMonitor();
  reports = [];
  connected = true;
  reporter = new PresenceReporter({ powerMonitor: monitor, api, log: () => undefined });
  reporter.start();
});

afterEach(() => {
  reporter.stop();
  vi.useRealTimers();
});

describe('PresenceReporter', () => {
  it('forwards suspend, resume, lock and unlock as they happen', () => {
    monitor.emit('suspend');
    monitor.emit('resume');
    monitor.emit('lock-screen');
    monitor.emit('unlock-screen');
    expect(reports).toEqual(['suspended', 'resumed', 'locked', 'unlocked']);
    expect(reporter.state).toBe('active');
  });

  it('polls idle every 30 s with a five-minute threshold, and reports only changes', () => {
    expect(monitor.thresholds).toEqual([300]);
    monitor.idleState = 'idle';
    vi.advanceTimersByTime(IDLE_POLL_MS);
    vi.advanceTimersByTime(IDLE_POLL_MS);
    monitor.idleState = 'active';
    vi.advanceTimersByTime(IDLE_POLL_MS);
    expect(reports).toEqual(['idle', 'active']);
  });

  it('a lock the desktop reports only through the idle state (Linux) counts too; unknown says nothing', () => {
    monitor.idleState = 'locked';
    vi.advanceTimersByTime(IDLE_POLL_MS);
    monitor.idleState = 'unknown';
    vi.advanceTimersByTime(IDLE_POLL_MS);
    expect(reports).toEqual(['locked']);
  });

  it('every wake-up is sent, even twice in a row (the engine reconnects on each)', () => {
    monitor.emit('resume');
    monitor.emit('resume');
    monitor.emit('unlock-screen');
    expect(reports).toEqual(['resumed', 'resumed', 'unlocked']);
  });

  it('does not read "idle" while asleep', () => {
    monitor.emit('suspend');
    monitor.idleState = 'idle';
    vi.advanceTimersByTime(IDLE_POLL_MS);
    expect(reports).toEqual(['suspended']);
  });

  it('with no engine connected it drops the report; a new engine hears the current state', () => {
    connected = false;
    monitor.emit('lock-screen');
    expect(reports).toEqual([]);
    connected = true;
    reporter.engineConnected();
    expect(reports).toEqual(['locked']);
    monitor.emit('unlock-screen');
    reporter.engineConnected();
    expect(reports).toEqual(['locked', 'unlocked']);
  });

  it('a failed report is logged, never thrown', async () => {
    const log = vi.fn();
    const failing = new PresenceReporter({
      powerMonitor: monitor,
      api: () => ({ reportPresence: () => Promise.reject(new Error('rpc is closed')) }),
      log,
    });
    failing.start();
    monitor.emit('lock-screen');
    await vi.waitFor(() => expect(log).toHaveBeenCalledWith(expect.stringContaining('rpc is closed')));
    failing.stop();
  });

  it('stop removes every listener and the poll', () => {
    reporter.stop();
    monitor.emit('suspend');
    monitor.idleState = 'idle';
    vi.advanceTimersByTime(IDLE_POLL_MS * 3);
    expect(reports).toEqual([]);
    expect(monitor.listenerCount('suspend')).toBe(0);
  });
});

describe('pure parts', () => {
  it('maps the idle state and what a report leaves the user in', () => {
    expect(['active', 'idle', 'locked', 'unknown'].map((s) => presenceFromIdleState(s as never))).toEqual(['active', 'idle', 'locked', null]);
    expect((['suspended', 'resumed', 'locked', 'unlocked', 'idle'] as const).map(stateAfter)).toEqual(['suspended', 'active', 'locked', 'active', 'idle']);
  });
});
