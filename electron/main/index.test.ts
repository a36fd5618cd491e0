/**
 * The entry: what happens before Electron is ready (the data folder from the environment, the
 * app:// scheme, the single-instance lock), then the shell starts on 'ready'. The shell itself
 * is shell.test.ts; per-OS behaviour is desktop-matrix.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { app, FakeBrowserWindow, FakeTray, protocol, utilityProcess } from './test-support/fake-electron.js';

vi.mock('electron', async () => await import('./test-support/fake-electron.js'));

const dataDir = mkdtempSync(join(tmpdir(), 'steward-entry-'));
app.setPath('logs', join(dataDir, 'logs'));
process.env.STEWARD_DATA_DIR = dataDir;
afterAll(() => {
  // Forked test workers are reused across files: leave no trace in the environment.
  delete process.env.STEWARD_DATA_DIR;
  rmSync(dataDir, { recursive: true, force: true });
});

// Importing the entry runs what the shell does before 'ready'.
await import('./index.js');
const beforeReady = {
  schemeRegistrations: protocol.registerSchemesAsPrivileged.mock.calls.length,
  lockRequests: app.requestSingleInstanceLock.mock.calls.length,
  forks: utilityProcess.fork.mock.calls.length,
  windows: FakeBrowserWindow.instances.length,
};

describe('the entry', () => {
  it('before ready: takes the data folder from the environment, registers app:// and the single-instance lock, and nothing else', () => {
    expect(app.getPath('userData')).toBe(dataDir);
    expect(beforeReady).toEqual({ schemeRegistrations: 1, lockRequests: 1, forks: 0, windows: 0 });
  });

  it('on ready: starts the shell (window, tray, engine) with the real process facts', async () => {
    app.becomeReady();
    await vi.waitFor(() => expect(utilityProcess.fork).toHaveBeenCalledOnce(), { timeout: 10_000 });
    expect(FakeTray.instances).toHaveLength(1);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const [, args] = utilityProcess.fork.mock.calls[0] as [string, string[]];
    expect(args).toEqual(['--data-dir', dataDir, '--mode', 'desktop']);
    // Quit, so the shell's timers (presence poll) end with this file.
    app.quit();
    await vi.waitFor(() => expect((FakeTray.instances[0] as FakeTray).destroyed).toBe(true));
  });
});
