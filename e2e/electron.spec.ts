/**
 * Desktop flows in real Electron: the app starts, shows its popover at once (a start by the user
 * always does, see electron/main/desktop-plan.ts) with the first-run onboarding, loads it from
 * app:// under its CSP, gives the page the bridge and no Node, tells the page the engine runs,
 * and on quit shuts the engine down cleanly (no host.json, no lock left).
 *
 * Needs the Electron binary, which npm fetches from outside the registry on first use, and on
 * Linux a display (run under `xvfb-run` in CI). Where either is missing the specs are skipped
 * with that reason, loudly, never passed. Playwright runs Electron without the Chromium sandbox
 * (its default), so Ubuntu's AppArmor user-namespace restriction does not stop it here.
 * Run `npm run build` first: the specs launch out/main/index.js.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import type { ShellEvent } from '../shared/shell/protocol.js';

type Prerequisite = { readonly ok: true; readonly binary: string } | { readonly ok: false; readonly why: string };

/**
 * Finds the Electron executable the way the electron package's index.js does, without
 * require('electron'): that would start a download, fail, and throw.
 */
function desktopPrerequisites(): Prerequisite {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { ok: false, why: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!relative && !override) return { ok: false, why: `${pathFile} is missing: the Electron binary download never completed (see ENVIRONMENT.md)` };
  const executable = override ? join(override, relative ?? 'electron') : join(packageDir, 'dist', relative ?? '');
  if (!existsSync(executable)) return { ok: false, why: `${executable} does not exist` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { ok: false, why: 'no display (DISPLAY and WAYLAND_DISPLAY are unset): run the desktop specs under xvfb-run' };
  }
  return { ok: true, binary: executable };
}

const prerequisites = desktopPrerequisites();
if (!prerequisites.ok) {
  const line = '='.repeat(78);
  console.warn(`\n${line}\n⚠  DESKTOP SPECS SKIPPED: Electron cannot run here: ${prerequisites.why}.\n   e2e/electron.spec.ts did NOT test the desktop app. Run it where the binary exists.\n${line}\n`);
}

test.describe('desktop shell (Electron)', () => {
  test.skip(!prerequisites.ok, prerequisites.ok ? '' : `DESKTOP SPECS SKIPPED: ${prerequisites.why}`);

  test('first start: the popover opens on the onboarding, from app://, sandboxed, told the engine runs; quitting stops the engine cleanly', async () => {
    if (!prerequisites.ok) return;
    const mainEntry = resolve(import.meta.dirname, '..', 'out', 'main', 'index.js');
    expect(existsSync(mainEntry), `${mainEntry} is missing: run "npm run build" before the desktop specs`).toBe(true);
    const userData = mkdtempSync(join(tmpdir(), 'steward-e2e-'));
    const app = await electron.launch({
      executablePath: prerequisites.binary,
      args: [mainEntry],
      env: { ...process.env, STEWARD_DATA_DIR: userData, STEWARD_UPDATES: 'off' },
    });
    let closed = false;
    try {
      // The popover is the first window: created at startup, shown because the user started Steward.
      const popover = await app.firstWindow();
      await popover.waitForLoadState('domcontentloaded');
      expect(popover.url()).toBe('app://steward/index.html');
      await expect.poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isVisible() ?? false)).toBe(true);

      // First run: no account yet, so the onboarding (once the engine has answered).
      await expect(popover.getByRole('heading', { name: 'Welcome to Steward' })).toBeVisible({ timeout: 60_000 });
      await expect(popover.locator('header').getByRole('heading', { level: 1 })).toHaveText('Steward');

      // Sandboxed and isolated: the page has the shell bridge and nothing of Node.
      const surface = await popover.evaluate(() => ({
        require: typeof (window as { require?: unknown }).require,
        process: typeof (window as { process?: unknown }).process,
        bridge: Object.keys((window as { stewardShell?: object }).stewardShell ?? {}).sort(),
      }));
      expect(surface).toEqual({
        require: 'undefined',
        process: 'undefined',
        bridge: ['chooseFolder', 'hidePopover', 'onShellEvent', 'openSettings', 'pause', 'platform', 'quit', 'setLaunchAtLogin'],
      });

      // The shell tells the page how things stand.
      const state = await popover.evaluate(
        () =>
          new Promise<ShellEvent>((resolveEvent) => {
            const shell = (window as { stewardShell?: { onShellEvent(listener: (event: ShellEvent) => void): () => void } }).stewardShell;
            shell?.onShellEvent((event) => {
              if (event.type === 'state') resolveEvent(event);
            });
          }),
      );
      expect(state).toMatchObject({ type: 'state', state: { engine: { kind: 'running' } } });

      // The CSP from the app:// handler blocks inline script.
      const inlineRan = await popover.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.__stewardInline = true';
        document.head.append(script);
        return (window as { __stewardInline?: boolean }).__stewardInline === true;
      });
      expect(inlineRan).toBe(false);

      // While it runs, the engine's host file and lock are in the data folder...
      expect(existsSync(join(userData, 'host.json'))).toBe(true);
      await app.close();
      closed = true;
      // ...and a clean shutdown removes them.
      expect(existsSync(join(userData, 'host.json'))).toBe(false);
      expect(existsSync(join(userData, 'engine.lock'))).toBe(false);
    } finally {
      if (!closed) await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
