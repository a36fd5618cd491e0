/**
 * The data folder's lock is one the OS releases when the process dies, never a pid: a killed
 * engine's lock is taken over at once, an unrelated process that got its pid blocks nothing,
 * and a live engine keeps every other one out. The engine here is a real process, SIGKILLed.
 */
import { spawn } from 'node:child_process';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isDataDirLocked, lockDataDir } from '../../electron/engine/db/data-dir-lock.js';
import { startEngine } from '../../electron/engine/index.js';
import { readLiveHostInfo } from '../../electron/host/host-file.js';
import { tempDataDir } from '../engine-fixture.js';
import { killAllEngines, startKillableEngine } from './killable-engine.js';

const dirs: string[] = [];
const strangers: (() => void)[] = [];
afterEach(async () => {
  await killAllEngines();
  for (const stop of strangers.splice(0)) stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function newDataDir(): string {
  const dir = tempDataDir();
  dirs.push(dir);
  return dir;
}

/** A live process that has nothing to do with Steward. */
function unrelatedProcess(): number {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  strangers.push(() => child.kill('SIGKILL'));
  return child.pid ?? -1;
}

describe('the data folder lock', () => {
  it('keeps a second engine out while the first lives, and is taken over at once after a SIGKILL', async () => {
    const dataDir = newDataDir();
    const first = await startKillableEngine(dataDir);
    expect(isDataDirLocked(dataDir)).toBe(true);
    expect(() => startEngine({ dataDir, mode: 'cli', watch: false })).toThrow(/Another Steward is using .*no file to delete/);

    await first.kill();
    expect(isDataDirLocked(dataDir)).toBe(false);
    const second = await startKillableEngine(dataDir);
    expect(isDataDirLocked(dataDir)).toBe(true);
    await second.stop();
    expect(isDataDirLocked(dataDir)).toBe(false);
  }, 60_000);

  it('is not blocked by an unrelated process that got the dead engine’s pid, nor by an older Steward’s pid file', async () => {
    const dataDir = newDataDir();
    const pid = unrelatedProcess();
    // What a killed engine of an older Steward left: pid files naming a live process.
    writeFileSync(join(dataDir, 'engine.lock'), String(pid));
    writeFileSync(join(dataDir, 'host.json'), JSON.stringify({ pid, url: 'http://127.0.0.1:1/', token: 'x', mode: 'host', startedAt: '' }));
    expect(isDataDirLocked(dataDir)).toBe(false);
    expect(readLiveHostInfo(dataDir)).toBeNull();

    const engine = startEngine({ dataDir, mode: 'cli', watch: false });
    expect(isDataDirLocked(dataDir)).toBe(true);
    await engine.stop();
  });

  it('is held in this process too: a second lock in the same process is refused', () => {
    const dataDir = newDataDir();
    const held = lockDataDir(dataDir);
    expect(() => lockDataDir(dataDir)).toThrow(/Another Steward is using/);
    held.release();
    lockDataDir(dataDir).release();
  });

  it('honours --start-paused: the engine starts paused, with the reason, and says so in the ledger', async () => {
    const dataDir = newDataDir();
    const engine = await startKillableEngine(dataDir, ['--start-paused', 'the shell had to stop it']);
    engine.send({ op: 'status' });
    const answer = await engine.answer('status');
    expect(answer.result).toMatchObject({ paused: true, pausedBy: 'shell', pausedReason: 'the shell had to stop it' });
    engine.send({ op: 'ledger' });
    expect((await engine.answer('ledger')).result).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'engine.paused', actor: 'shell', summary: 'Paused: the shell had to stop it' })]),
    );
    await engine.stop();
  }, 60_000);
});
