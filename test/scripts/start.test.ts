/**
 * `npm start` on Linux desktops that forbid Chromium's sandbox (Ubuntu 24.04): a crash is a
 * non-zero exit, the restriction is detected and explained, and --no-sandbox is only ever the
 * user's explicit, loudly announced choice. scripts/start.js runs for real against a stand-in
 * Electron binary (STEWARD_ELECTRON) that behaves as the real one does there.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exitCodeFor, linuxSandboxCheck, USERNS_RESTRICTION } from '../../scripts/electron-sandbox.js';

const root = join(import.meta.dirname, '..', '..');
let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

/** A stand-in Electron: records its arguments, then runs `body`. */
function fakeElectron(body: string): { binary: string; argsFile: string } {
  dir = mkdtempSync(join(tmpdir(), 'steward-start-'));
  const binary = join(dir, 'electron');
  const argsFile = join(dir, 'args');
  writeFileSync(binary, `#!/bin/sh\necho "$@" > "${argsFile}"\n${body}\n`);
  chmodSync(binary, 0o755);
  return { binary, argsFile };
}

function npmStart(binary: string, args: string[] = []) {
  return spawnSync(process.execPath, [join(root, 'scripts', 'start.js'), ...args], {
    cwd: root,
    env: { ...process.env, STEWARD_ELECTRON: binary, STEWARD_SKIP_BUILD: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('npm start', () => {
  it('an Electron killed by a signal (the sandbox abort) exits non-zero, and says so', () => {
    const { binary } = fakeElectron('kill -ABRT $$');
    const result = npmStart(binary);
    expect(result.status).toBe(134);
    expect(result.stderr).toContain('Electron was stopped by SIGABRT (exit code 134)');
  });

  it('passes Electron’s own exit code on, and the arguments after --', () => {
    const { binary, argsFile } = fakeElectron('exit 3');
    const result = npmStart(binary, ['--inspect']);
    expect(result.status).toBe(3);
    expect(readFileSync(argsFile, 'utf8').trim()).toBe('. --inspect');
  });

  it('never adds --no-sandbox by itself; when the user asks for it, it is announced loudly', () => {
    const quiet = fakeElectron('exit 0');
    expect(npmStart(quiet.binary).status).toBe(0);
    expect(readFileSync(quiet.argsFile, 'utf8')).not.toContain('--no-sandbox');
    rmSync(dir, { recursive: true, force: true });

    const asked = fakeElectron('exit 0');
    const result = npmStart(asked.binary, ['--no-sandbox']);
    expect(result.status).toBe(0);
    expect(readFileSync(asked.argsFile, 'utf8').trim()).toBe('. --no-sandbox');
    expect(result.stderr).toContain('Electron runs WITHOUT the Chromium sandbox');
  });
});

describe('linuxSandboxCheck', () => {
  const helper = '/opt/electron/chrome-sandbox';
  const check = (restriction: string | null, helperStat: { uid: number; mode: number } | null, platform = 'linux') =>
    linuxSandboxCheck({
      platform,
      electronDir: '/opt/electron',
      readText: (path) => (path === USERNS_RESTRICTION ? restriction : null),
      stat: (path) => (path === helper ? helperStat : null),
    });

  it.each([
    ['Ubuntu 24.04, npm-installed helper (not setuid): explained', '1\n', { uid: 1000, mode: 0o100755 }, true],
    ['Ubuntu 24.04, helper missing: explained', '1', null, true],
    ['Ubuntu 24.04, setuid-root helper: fine', '1', { uid: 0, mode: 0o104755 }, false],
    ['restriction off', '0', { uid: 1000, mode: 0o100755 }, false],
    ['no such sysctl (Debian, Fedora)', null, { uid: 1000, mode: 0o100755 }, false],
    ['setuid but not root-owned: explained', '1', { uid: 1000, mode: 0o104755 }, true],
  ] as const)('%s', (_name, restriction, helperStat, explained) => {
    const result = check(restriction, helperStat);
    expect(result.advice !== null).toBe(explained);
    if (explained) {
      expect(result.advice).toContain('kernel.apparmor_restrict_unprivileged_userns = 1');
      expect(result.advice).toContain(`sudo chown root:root ${helper} && sudo chmod 4755 ${helper}`);
      expect(result.advice).toContain('npm start -- --no-sandbox');
      expect(result.advice).toContain('profile steward-dev "/opt/electron/electron" flags=(unconfined)');
      expect(result.advice).toContain('userns,');
    }
  });

  it('only Linux has the question', () => {
    expect(check('1', null, 'darwin').advice).toBeNull();
    expect(check('1', null, 'win32').advice).toBeNull();
  });
});

describe('exitCodeFor', () => {
  it.each([
    [0, null, 0],
    [3, null, 3],
    [null, 'SIGABRT', 134],
    [null, 'SIGTRAP', 133],
    [null, 'SIGKILL', 137],
    [null, 'SIGINT', 130],
    [null, null, 1],
  ] as const)('(%s, %s) → %s', (code, signal, expected) => {
    expect(exitCodeFor(code, signal)).toBe(expected);
  });
});
