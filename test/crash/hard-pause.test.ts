/**
 * `steward pause --hard` ends a Steward that does not acknowledge within a second, and the
 * pause holds for the next start; one that answers is only paused.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { hardPause } from '../../electron/cli/hard-pause.js';
import { isDataDirLocked } from '../../electron/engine/db/data-dir-lock.js';
import { startEngine } from '../../electron/engine/index.js';
import { startHost } from '../../electron/host/run-host.js';
import { MemorySecretStore } from '../../electron/engine/secrets/memory-secret-store.js';
import { tempDataDir } from '../engine-fixture.js';

const repository = fileURLToPath(new URL('../../', import.meta.url));
const dirs: string[] = [];
const children: (() => void)[] = [];
afterEach(() => {
  for (const stop of children.splice(0)) stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function newDataDir(): string {
  const dir = tempDataDir();
  dirs.push(dir);
  return dir;
}

describe('steward pause --hard', () => {
  it('ends a host that does not answer within 1 s, and the next start begins paused', async () => {
    const dataDir = newDataDir();
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./hung-host.ts', import.meta.url)), dataDir], {
      cwd: repository,
      env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.engine.json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(() => child.kill('SIGKILL'));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`the hung host exited early (${code})`)));
    });

    const done = await hardPause(dataDir, 'it hung');
    expect(done).toMatchObject({ outcome: 'ended', pid: child.pid, status: { paused: true, pausedReason: 'it hung' } });
    expect(await exited).toBe('SIGKILL');
    expect(isDataDirLocked(dataDir)).toBe(false);

    const next = startEngine({ dataDir, mode: 'cli', watch: false });
    try {
      expect(await next.apiFor('cli').getStatus()).toMatchObject({ paused: true, pausedBy: 'user:cli', pausedReason: 'it hung' });
    } finally {
      await next.stop();
    }
  }, 30_000);

  it('only pauses a host that answers, and the CLI is recorded as the CLI by its token', async () => {
    const dataDir = newDataDir();
    const host = await startHost({ dataDir, staticDir: null, secrets: new MemorySecretStore() });
    try {
      const done = await hardPause(dataDir, 'lunch');
      expect(done).toMatchObject({ outcome: 'acknowledged', status: { paused: true, pausedBy: 'user:cli' } });
      expect((await host.engine.apiFor('ui').listLedger({ limit: 1 }))[0]).toMatchObject({ kind: 'engine.paused', actor: 'user:cli' });
    } finally {
      await host.stop();
    }
  });
});
