/**
 * A host without a Google account does not load Google's libraries (google-auth-library, the
 * @googleapis clients, gaxios under them): they are imported when a Google account first signs
 * in, syncs or acts (connectors/google/google-libraries.ts), which keeps ~2 MB of live heap and
 * ~5 MB of RSS off every other host. Runs the built CLI.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, stopHost } from '../cli-runner.js';
import { tempDataDir } from '../engine-fixture.js';

const bin = fileURLToPath(new URL('../../bin/steward.js', import.meta.url));

/** Loaded before the CLI: appends every module it resolves to the file in STEWARD_TEST_MODULES. */
const RECORD_MODULES = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
import { appendFileSync } from 'node:fs';
registerHooks({ resolve(specifier, context, next) { const found = next(specifier, context); appendFileSync(process.env.STEWARD_TEST_MODULES, found.url + '\\n'); return found; } });
`)}`;

const GOOGLE = /\/node_modules\/(google-auth-library|@googleapis\/[^/]+|googleapis-common|gaxios|gcp-metadata)\//;

describe('an idle host', () => {
  let dataDir: string;
  let scratch: string;

  beforeAll(() => {
    requireBuiltCli();
    dataDir = tempDataDir();
    scratch = mkdtempSync(join(tmpdir(), 'steward-modules-'));
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('has not loaded any Google library once it is up', async () => {
    const modulesFile = join(scratch, 'modules.txt');
    const host = spawn(process.execPath, ['--import', RECORD_MODULES, bin, '--data-dir', dataDir, 'host'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, STEWARD_TEST_MODULES: modulesFile },
    });
    try {
      // The host prints its address once the engine (and with it every connector) is loaded and started.
      await new Promise<void>((resolve, reject) => {
        host.stdout.on('data', (d: Buffer) => (d.toString().includes('\n') ? resolve() : undefined));
        host.on('exit', (code) => reject(new Error(`steward host exited with ${code}`)));
      });
    } finally {
      await stopHost(host);
    }
    const modules = readFileSync(modulesFile, 'utf8').split('\n');
    // The recorder works: the engine's own chunk is in the list.
    expect(modules.some((url) => /\/chunks\/engine-/.test(url))).toBe(true);
    expect(modules.filter((url) => GOOGLE.test(url))).toEqual([]);
  });
});
