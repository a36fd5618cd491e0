/**
 * Does anything on this Linux desktop show StatusNotifierItem tray icons? Such a host (KDE's
 * panel, GNOME's AppIndicator extension, waybar, XFCE's plugin) registers with the
 * `org.kde.StatusNotifierWatcher` name on the session bus; Electron's tray only shows where
 * that name has an owner.
 *
 * Asked with `gdbus` (GLib's tool, on every GNOME) or else `dbus-send` (the reference D-Bus
 * tools, on nearly every desktop with a session bus), each bounded by a timeout. A D-Bus
 * library was not worth it for one NameHasOwner call: the JS ones (dbus-next, dbus-native) are
 * unmaintained. Neither tool answering means 'unknown', which the plan treats like no tray: it
 * is better to show a window too many than to be an invisible app.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TrayHost } from './desktop-plan.js';

export const STATUS_NOTIFIER_WATCHER = 'org.kde.StatusNotifierWatcher';

const TIMEOUT_MS = 2000;

type Run = (file: string, args: readonly string[], options: { timeout: number; env: NodeJS.ProcessEnv }) => Promise<string>;

const execFileText = promisify(execFile);

const runTool: Run = async (file, args, options) => (await execFileText(file, args, { timeout: options.timeout, env: options.env, encoding: 'utf8' })).stdout;

/** `gdbus call` prints a GVariant tuple: "(true,)" or "(false,)". */
export function parseGdbusBoolean(output: string): boolean | null {
  const match = /^\s*\((true|false),\)\s*$/.exec(output);
  return match ? match[1] === 'true' : null;
}

/** `dbus-send --print-reply` prints a header line, then "   boolean true". */
export function parseDbusSendBoolean(output: string): boolean | null {
  const match = /^\s*boolean (true|false)\s*$/m.exec(output);
  return match ? match[1] === 'true' : null;
}

export interface NameOwnerQuery {
  readonly env?: NodeJS.ProcessEnv;
  readonly run?: Run;
  readonly timeoutMs?: number;
}

/** Whether `name` has an owner on the session bus; null when no tool could ask. */
export async function sessionBusNameHasOwner(name: string, query: NameOwnerQuery = {}): Promise<boolean | null> {
  const run = query.run ?? runTool;
  const options = { timeout: query.timeoutMs ?? TIMEOUT_MS, env: query.env ?? process.env };
  const attempts: ReadonlyArray<{ file: string; args: readonly string[]; parse: (output: string) => boolean | null }> = [
    {
      file: 'gdbus',
      args: ['call', '--session', '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus', '--method', 'org.freedesktop.DBus.NameHasOwner', name],
      parse: parseGdbusBoolean,
    },
    {
      file: 'dbus-send',
      args: ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${name}`],
      parse: parseDbusSendBoolean,
    },
  ];
  for (const attempt of attempts) {
    try {
      const answer = attempt.parse(await run(attempt.file, attempt.args, options));
      if (answer !== null) return answer;
    } catch {
      // Tool missing, no session bus, or too slow: try the next one.
    }
  }
  return null;
}

export async function detectTrayHost(platform: NodeJS.Platform, query: NameOwnerQuery = {}): Promise<TrayHost> {
  if (platform !== 'linux') return 'present';
  const owned = await sessionBusNameHasOwner(STATUS_NOTIFIER_WATCHER, query);
  return owned === null ? 'unknown' : owned ? 'present' : 'absent';
}
