// Why Electron may not start on Linux, and what exit code `npm start` reports. Pure enough to
// test (test/scripts/electron-sandbox.test.ts): the file reads are passed in.
//
// Ubuntu 23.10 and later (and 24.04 by default) set kernel.apparmor_restrict_unprivileged_userns
// to 1: an unprivileged process may not create the user namespace Chromium's sandbox needs,
// unless an AppArmor profile allows it. Electron then falls back to its setuid helper
// (chrome-sandbox), which only works when owned by root with mode 4755; an npm-installed
// Electron's is not, so Electron aborts on a signal, and a signal exit has no exit code.
import { constants } from 'node:os';
import { join } from 'node:path';

export const USERNS_RESTRICTION = '/proc/sys/kernel/apparmor_restrict_unprivileged_userns';

/** The exit code for a child's exit: its own, or 128 + the signal's number, as shells report it. */
export function exitCodeFor(code, signal) {
  if (typeof code === 'number') return code;
  if (signal) return 128 + (constants.signals[signal] ?? 0);
  return 1;
}

/**
 * @param {{ platform: string, electronDir: string, binary?: string, readText(path: string): string | null, stat(path: string): { uid: number, mode: number } | null }} io
 * @returns {{ restricted: boolean, helper: string, helperReady: boolean, advice: string | null }}
 */
export function linuxSandboxCheck(io) {
  const helper = join(io.electronDir, 'chrome-sandbox');
  if (io.platform !== 'linux') return { restricted: false, helper, helperReady: true, advice: null };
  const restricted = io.readText(USERNS_RESTRICTION)?.trim() === '1';
  const info = io.stat(helper);
  // setuid (04000), and executable by everyone, owned by root.
  const helperReady = info !== null && info.uid === 0 && (info.mode & 0o4000) !== 0 && (info.mode & 0o111) === 0o111;
  if (!restricted || helperReady) return { restricted, helper, helperReady, advice: null };
  return { restricted, helper, helperReady, advice: sandboxAdvice(helper, io.binary) };
}

export function sandboxAdvice(helper, binary = join(helper, '..', 'electron')) {
  return [
    'This system restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns = 1, the',
    'default on Ubuntu 24.04), so Electron cannot start its sandbox and stops. Any one of these fixes it:',
    '',
    '  1. Allow user namespaces for this Electron with an AppArmor profile (what the Steward .deb installs',
    '     for the installed app):',
    `       printf 'abi <abi/4.0>,\\ninclude <tunables/global>\\nprofile steward-dev "${binary}" flags=(unconfined) {\\n  userns,\\n}\\n' \\`,
    '         | sudo tee /etc/apparmor.d/steward-dev && sudo apparmor_parser -r /etc/apparmor.d/steward-dev',
    '  2. Let this Electron use its setuid sandbox helper instead:',
    `       sudo chown root:root ${helper} && sudo chmod 4755 ${helper}`,
    '  3. For development only, run without the Chromium sandbox, knowingly:',
    '       npm start -- --no-sandbox',
  ].join('\n');
}

export const NO_SANDBOX_WARNING = [
  '',
  '!!! --no-sandbox: Electron runs WITHOUT the Chromium sandbox. Steward shows mail written by strangers;',
  '!!! without the sandbox a renderer exploit reaches your account. Use this for development only.',
  '',
].join('\n');
