/**
 * Asking the session bus whether a StatusNotifierItem host runs. Against the test run's real
 * D-Bus session bus (test/servers/keyring.ts), where gnome-keyring owns org.freedesktop.secrets
 * and nothing owns the StatusNotifierWatcher name: exactly a stock GNOME session.
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectTrayHost, parseDbusSendBoolean, parseGdbusBoolean, sessionBusNameHasOwner, STATUS_NOTIFIER_WATCHER } from './tray-host.js';

let toolDir = '';
afterEach(() => {
  if (toolDir) rmSync(toolDir, { recursive: true, force: true });
  toolDir = '';
});

/** A PATH holding only the named tools, to play a machine that lacks the others. */
function pathWith(...tools: string[]): NodeJS.ProcessEnv {
  toolDir = mkdtempSync(join(tmpdir(), 'steward-tools-'));
  for (const tool of tools) symlinkSync(`/usr/bin/${tool}`, join(toolDir, tool));
  return { ...process.env, PATH: toolDir };
}

describe('the session bus, for real', () => {
  it('sees a name that has an owner, and one that has none', async () => {
    expect(process.env.DBUS_SESSION_BUS_ADDRESS).toBeTruthy();
    await expect(sessionBusNameHasOwner('org.freedesktop.secrets')).resolves.toBe(true);
    await expect(sessionBusNameHasOwner(STATUS_NOTIFIER_WATCHER)).resolves.toBe(false);
  });

  it('no StatusNotifierWatcher on the bus (stock GNOME): absent', async () => {
    await expect(detectTrayHost('linux')).resolves.toBe('absent');
  });

  it('falls back to dbus-send where gdbus is missing', async () => {
    const env = pathWith('dbus-send');
    await expect(sessionBusNameHasOwner('org.freedesktop.secrets', { env })).resolves.toBe(true);
    await expect(detectTrayHost('linux', { env })).resolves.toBe('absent');
  });

  it('says unknown when no tool can ask, or there is no bus', async () => {
    await expect(detectTrayHost('linux', { env: pathWith() })).resolves.toBe('unknown');
    await expect(detectTrayHost('linux', { env: { PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } })).resolves.toBe('unknown');
  });

  it('macOS and Windows always have a tray, without asking', async () => {
    await expect(detectTrayHost('darwin', { env: {} })).resolves.toBe('present');
    await expect(detectTrayHost('win32', { env: {} })).resolves.toBe('present');
  });
});

describe('parsing the tools’ answers', () => {
  it('gdbus prints a GVariant tuple', () => {
    expect(parseGdbusBoolean('(true,)\n')).toBe(true);
    expect(parseGdbusBoolean('(false,)\n')).toBe(false);
    expect(parseGdbusBoolean('Error: …')).toBeNull();
  });

  it('dbus-send prints a header, then the boolean', () => {
    expect(parseDbusSendBoolean('method return time=1 sender=org.freedesktop.DBus -> destination=:1.9 serial=3 reply_serial=2\n   boolean true\n')).toBe(true);
    expect(parseDbusSendBoolean('method return …\n   boolean false\n')).toBe(false);
    expect(parseDbusSendBoolean('Error org.freedesktop.DBus.Error.ServiceUnknown')).toBeNull();
  });
});
