/**
 * Desktop flows in real Electron: the app starts, its tray popover loads from app:// and shows
 * the Steward header, and the page has the bridge but no Node.
 *
 * Needs the Electron binary, which npm fetches from outside the registry on first use. Where it
 * is missing (these build machines, see ENVIRONMENT.md) the specs are skipped with that reason,
 * never passed. On Linux CI they also need a display: run under `xvfb-run`.
 * Run `npm run build` first: the specs launch out/main/index.js.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const SKIP_REASON = 'Electron binary not installed on this machine: desktop flows not run; see ENVIRONMENT.md';

type ElectronBinary = { readonly found: true; readonly path: string } | { readonly found: false; readonly why: string };

/**
 * Finds the Electron executable the way the electron package's index.js does, without
 * require('electron'): that would start a download, fail, and throw.
 */
function findElectronBinary(): ElectronBinary {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { found: false, why: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!relative && !override) return { found: false, why: `${pathFile} is missing: the binary download never completed` };
  const executable = override ? join(override, relative ?? 'electron') : join(packageDir, 'dist', relative ?? '');
  if (!existsSync(executable)) return { found: false, why: `${executable} does not exist` };
  return { found: true, path: executable };
}

const binary = findElectronBinary();
if (!binary.found) console.warn(`\n⚠ ${SKIP_REASON} (${binary.why}).\n`);

test.describe('desktop shell (Electron)', () => {
  test.skip(!binary.found, binary.found ? '' : `${SKIP_REASON} (${binary.why})`);

  test('the tray popover loads from app:// and shows the Steward header', async () => {
    if (!binary.found) return;
    const mainEntry = resolve(import.meta.dirname, '..', 'out', 'main', 'index.js');
    expect(existsSync(mainEntry), `${mainEntry} is missing: run "npm run build" before the desktop specs`).toBe(true);
    const userData = mkdtempSync(join(tmpdir(), 'steward-e2e-'));
    const app = await electron.launch({
      executablePath: binary.path,
      args: [mainEntry],
      env: { ...process.env, STEWARD_DATA_DIR: userData },
    });
    try {
      // The popover is the first window: created hidden at startup so it opens instantly.
      const popover = await app.firstWindow();
      await popover.waitForLoadState('domcontentloaded');
      expect(popover.url()).toBe('app://steward/index.html');
      // The header renders once the engine (started by the shell) has answered getStatus.
      await expect(popover.locator('header').getByRole('heading', { level: 1 })).toHaveText('Steward', { timeout: 30_000 });

      // Sandboxed and isolated: the page has the shell bridge and nothing of Node.
      const surface = await popover.evaluate(() => ({
        require: typeof (window as { require?: unknown }).require,
        process: typeof (window as { process?: unknown }).process,
        bridge: Object.keys((window as { stewardShell?: object }).stewardShell ?? {}).sort(),
      }));
      expect(surface).toEqual({ require: 'undefined', process: 'undefined', bridge: ['hidePopover', 'openSettings', 'platform', 'quit'] });

      // The CSP from the app:// handler blocks inline script.
      const inlineRan = await popover.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.__stewardInline = true';
        document.head.append(script);
        return (window as { __stewardInline?: boolean }).__stewardInline === true;
      });
      expect(inlineRan).toBe(false);
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
