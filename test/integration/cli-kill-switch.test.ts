/**
 * `steward pause` and `steward resume` reach a running host before the rest of the CLI loads
 * (electron/cli/fast-path.ts; issue 7 gives the pause 100 ms from the moment it is typed), and
 * say what the full program says. Runs the built CLI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, startHost, steward, stewardJson, stopHost } from '../cli-runner.js';
import { writeHostInfo } from '../../electron/host/host-file.js';
import { tempDataDir } from '../engine-fixture.js';

const bin = fileURLToPath(new URL('../../bin/steward.js', import.meta.url));

/** Loaded before the CLI: records every module it resolves, and prints the list on exit. */
const RECORD_MODULES = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
const seen = [];
registerHooks({ resolve(specifier, context, next) { const found = next(specifier, context); seen.push(found.url); return found; } });
process.on('exit', () => process.stderr.write('MODULES ' + JSON.stringify(seen) + '\\n'));
`)}`;

/** The command's output and the modules it loaded. */
function stewardRecorded(dataDir: string, args: readonly string[]): Promise<{ code: number; stdout: string; modules: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', RECORD_MODULES, bin, '--data-dir', dataDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stderr.split('\n').find((l) => l.startsWith('MODULES '));
      if (!line) return reject(new Error(`no module list; stderr: ${stderr}`));
      resolve({ code: code ?? -1, stdout, modules: JSON.parse(line.slice('MODULES '.length)) as string[] });
    });
  });
}

/** What the kill switch must not wait for: the API's schemas (zod), the command parser, the engine. */
const HEAVY = [/\/node_modules\/zod\//, /\/node_modules\/commander\//, /\/chunks\/(program|contract|engine)-/];
/** Nor, with a host that carries its run's CLI token, SQLite for the data folder's lock. */
const LOCK = /\/node_modules\/better-sqlite3\//;

describe('the kill switch from a terminal', () => {
  let dataDir: string;
  let host: ChildProcess | null = null;

  beforeAll(async () => {
    requireBuiltCli();
    dataDir = tempDataDir();
    host = (await startHost(dataDir)).host;
  });

  afterAll(async () => {
    await stopHost(host);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('pauses and resumes a running Steward without loading the rest of the CLI', async () => {
    const paused = await stewardRecorded(dataDir, ['pause', '--reason', 'lunch']);
    expect(paused).toMatchObject({ code: 0, stdout: 'Paused: Steward will not act until you run `steward resume`.\n' });
    expect(paused.modules.filter((url) => [...HEAVY, LOCK].some((heavy) => heavy.test(url)))).toEqual([]);
    expect(await stewardJson(dataDir, ['status'])).toMatchObject({ paused: true, pausedBy: 'user:cli', pausedReason: 'lunch' });

    const resumed = await stewardRecorded(dataDir, ['resume']);
    expect(resumed).toMatchObject({ code: 0, stdout: 'Resumed.\n' });
    expect(resumed.modules.filter((url) => [...HEAVY, LOCK].some((heavy) => heavy.test(url)))).toEqual([]);

    const hard = await stewardRecorded(dataDir, ['pause', '--hard', '--json']);
    expect(JSON.parse(hard.stdout)).toMatchObject({ outcome: 'acknowledged', status: { paused: true, pausedBy: 'user:cli' } });
    expect(hard.modules.filter((url) => HEAVY.some((heavy) => heavy.test(url)))).toEqual([]);
    expect(JSON.parse((await steward(dataDir, ['resume', '--json'])).stdout)).toMatchObject({ paused: false });
  });

  it("says the host's refusal in words, as the full program does", async () => {
    const refused = await steward(dataDir, ['pause', '--reason', 'x'.repeat(501), '--json']);
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: 'invalid_input' } });
    expect(refused.stderr).toMatch(/^steward: .*reason/);
  });

  it('leaves help and mistakes to the full program', async () => {
    expect((await steward(dataDir, ['pause', '--help'])).stdout).toMatch(/stop all agent activity now/);
    const misspelt = await steward(dataDir, ['pause', '--reasn', 'x']);
    expect(misspelt.code).not.toBe(0);
    expect(misspelt.stderr).toMatch(/unknown option '--reasn'/);
    expect(await stewardJson(dataDir, ['status'])).toMatchObject({ paused: false });
  });

  it('pauses the stored state when host.json is a leftover, whatever now answers at its address', async () => {
    const stale = tempDataDir();
    // Something else on the dead host's port, and a live process with its pid (this one).
    const seen: string[] = [];
    const stranger = createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      res.writeHead(404).end('Not found');
    });
    await new Promise<void>((done) => stranger.listen(0, '127.0.0.1', done));
    try {
      const { port } = stranger.address() as AddressInfo;
      writeHostInfo(stale, { pid: process.pid, url: `http://127.0.0.1:${port}/`, token: 'dead-web-token', cliToken: 'dead-cli-token', mode: 'host', startedAt: new Date().toISOString() });
      expect(await steward(stale, ['pause', '--reason', 'stale'])).toMatchObject({ code: 0, stdout: 'Paused: Steward will not act until you run `steward resume`.\n' });
      expect((await steward(stale, ['status'])).stdout).toMatch(/^PAUSED: .*stale\)\nNot running \(showing what is stored\)/);
      // Only the dead run's CLI token went there, never the token of the address.
      expect(seen).toEqual(['Bearer dead-cli-token']);
    } finally {
      await new Promise((done) => stranger.close(done));
      rmSync(stale, { recursive: true, force: true });
    }
  });
});
