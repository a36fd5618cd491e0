/** The engine's log can quote mail: readable by the user only, whatever the umask or an old file's mode. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineLog } from './engine-log.js';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);
let dir = '';
let umask: number | null = null;
afterEach(() => {
  if (umask !== null) process.umask(umask);
  umask = null;
  rmSync(dir, { recursive: true, force: true });
});

// Skipped on Windows only: it has no POSIX mode bits (0600/0700); files there are private through
// the user's profile ACLs. On Linux and macOS, where these tests run, they always run.
describe.skipIf(process.platform === 'win32')('EngineLog file modes', () => {
  it('makes an old world-readable log and its folder private, and creates new logs 0600 under umask 000', async () => {
    umask = process.umask(0o000);
    dir = mkdtempSync(join(tmpdir(), 'steward-log-'));
    const logs = join(dir, 'logs');
    mkdirSync(logs, { mode: 0o755 });
    chmodSync(logs, 0o755);
    writeFileSync(join(logs, 'engine.log'), 'old\n', { mode: 0o644 });
    new EngineLog(join(logs, 'engine.log')).close();
    expect(modeOf(logs)).toBe('700');
    expect(modeOf(join(logs, 'engine.log'))).toBe('600');

    const fresh = new EngineLog(join(logs, 'new.log'));
    fresh.attach({ stdout: null, stderr: null, pid: 1 });
    fresh.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(modeOf(join(logs, 'new.log'))).toBe('600');
  });
});
