/** What windows hear from the shell, and when. */
import { describe, expect, it, vi } from 'vitest';
import type { ShellState } from '../../shared/shell/protocol.js';
import { FakeBrowserWindow } from './test-support/fake-electron.js';
import { shellEventsOf } from './test-support/shell-harness.js';
import { ShellStateBroadcaster } from './shell-state.js';

vi.mock('electron', async () => await import('./test-support/fake-electron.js'));

const initial: ShellState = {
  engine: { kind: 'starting' },
  surface: 'popover',
  trayAdvice: null,
  pauseShortcut: null,
  launchAtLogin: { available: true, enabled: false },
};

function setup() {
  const loaded = new FakeBrowserWindow();
  loaded.webContents.loading = false;
  const loading = new FakeBrowserWindow();
  const windows = [loaded, loading];
  const broadcaster = new ShellStateBroadcaster(initial, { all: () => windows });
  for (const window of windows) broadcaster.track(window);
  return { broadcaster, loaded, loading };
}

describe('ShellStateBroadcaster', () => {
  it('a change goes to every loaded page; a page gets the state whenever it (re)loads', () => {
    const { broadcaster, loaded, loading } = setup();
    broadcaster.update({ engine: { kind: 'running' } });
    expect(shellEventsOf(loaded.webContents)).toEqual([{ type: 'state', state: { ...initial, engine: { kind: 'running' } } }]);
    expect(shellEventsOf(loading.webContents)).toEqual([]);

    loading.webContents.finishLoad();
    expect(shellEventsOf(loading.webContents)).toEqual([{ type: 'state', state: { ...initial, engine: { kind: 'running' } } }]);
  });

  it('sends nothing when nothing changed', () => {
    const { broadcaster, loaded } = setup();
    broadcaster.update({ engine: { kind: 'starting' } });
    expect(shellEventsOf(loaded.webContents)).toEqual([]);
  });

  it('a request to a page that is loading waits for the load, after the state', () => {
    const { broadcaster, loading } = setup();
    broadcaster.sendTo(loading, { type: 'show-suggestion', suggestionId: 's1' });
    expect(shellEventsOf(loading.webContents)).toEqual([]);
    loading.webContents.finishLoad();
    expect(shellEventsOf(loading.webContents).map((event) => event.type)).toEqual(['state', 'show-suggestion']);
    loading.webContents.finishLoad();
    expect(shellEventsOf(loading.webContents).map((event) => event.type)).toEqual(['state', 'show-suggestion', 'state']);
  });

  it('never sends to a destroyed window', () => {
    const { broadcaster, loaded } = setup();
    loaded.destroy();
    broadcaster.update({ surface: 'window' });
    broadcaster.sendTo(loaded, { type: 'show-suggestion', suggestionId: 's1' });
    expect(shellEventsOf(loaded.webContents)).toEqual([]);
  });
});
