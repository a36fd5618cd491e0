/** Start at login, per OS; the Linux autostart file is written and read for real. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { app } from './test-support/fake-electron.js';

vi.mock('electron', async () => await import('./test-support/fake-electron.js'));

const { AUTOSTART_ARG, autostartDesktopEntry, autostartFile, createLoginItem, execValue, launchedAtLogin } = await import('./login-item.js');

let home = '';
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'steward-home-'));
  app.reset();
  app.isPackaged = true;
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function item(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}) {
  return createLoginItem({ platform, app, env, execPath: '/opt/Steward/steward', homeDir: home, desktopId: 'app.steward.Steward', productName: 'Steward' });
}

describe('createLoginItem', () => {
  it('macOS: a login item through setLoginItemSettings', () => {
    const login = item('darwin');
    expect(login.isEnabled()).toBe(false);
    login.setEnabled(true);
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true });
    expect(login.isEnabled()).toBe(true);
  });

  it('Windows: a Run entry that passes --autostart, read back with the same arguments', () => {
    const login = item('win32');
    login.setEnabled(true);
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, args: [AUTOSTART_ARG] });
    expect(login.isEnabled()).toBe(true);
    login.setEnabled(false);
    expect(login.isEnabled()).toBe(false);
  });

  it('Linux: an XDG autostart file in ~/.config/autostart, removed when turned off', () => {
    const login = item('linux');
    const file = join(home, '.config', 'autostart', 'app.steward.Steward.desktop');
    login.setEnabled(true);
    expect(readFileSync(file, 'utf8')).toBe(
      '[Desktop Entry]\nType=Application\nName=Steward\nComment=Starts Steward when you log in\nExec=/opt/Steward/steward --autostart\nTerminal=false\nX-GNOME-Autostart-enabled=true\n',
    );
    expect(login.isEnabled()).toBe(true);
    login.setEnabled(false);
    expect(existsSync(file)).toBe(false);
    expect(login.isEnabled()).toBe(false);
  });

  it('Linux: follows XDG_CONFIG_HOME, starts the AppImage file rather than its mount, and honours Hidden=true', () => {
    const config = join(home, 'cfg');
    const login = item('linux', { XDG_CONFIG_HOME: config, APPIMAGE: '/home/alice/Apps/Steward 0.1.0.AppImage' });
    login.setEnabled(true);
    const file = join(config, 'autostart', 'app.steward.Steward.desktop');
    expect(readFileSync(file, 'utf8')).toContain('Exec="/home/alice/Apps/Steward 0.1.0.AppImage" --autostart');
    writeFileSync(file, `${readFileSync(file, 'utf8')}Hidden=true\n`);
    expect(login.isEnabled()).toBe(false);
  });

  it('is not offered by a development build (it would start a bare Electron at login)', () => {
    app.isPackaged = false;
    const login = item('linux');
    expect(login.unavailableReason).toMatch(/only offered by an installed Steward/);
    login.setEnabled(true);
    expect(existsSync(join(home, '.config', 'autostart'))).toBe(false);
    expect(app.setLoginItemSettings).not.toHaveBeenCalled();
  });
});

describe('the Exec value (Desktop Entry spec)', () => {
  it.each([
    [['/opt/Steward/steward', '--autostart'], '/opt/Steward/steward --autostart'],
    [['/home/a b/Steward.AppImage'], '"/home/a b/Steward.AppImage"'],
    [['/x/"q"$`'], '"/x/\\\\"q\\\\"\\\\$\\\\`"'],
    [['/x/100%'], '"/x/100%%"'],
  ])('%j → %s', (command, expected) => {
    expect(execValue(command)).toBe(expected);
  });

  it('names and comments stay on one line (no injected keys)', () => {
    expect(autostartDesktopEntry({ name: 'Steward\nExec=evil', command: ['/a'], comment: 'c' })).toContain('Name=Steward Exec=evil\n');
  });

  it('a relative XDG_CONFIG_HOME is ignored, as the spec says', () => {
    expect(autostartFile({ XDG_CONFIG_HOME: 'relative' }, '/home/a', 'id')).toBe('/home/a/.config/autostart/id.desktop');
  });
});

describe('launchedAtLogin', () => {
  it('macOS asks the login item; Windows and Linux look for --autostart', () => {
    app.loginItem = { ...app.loginItem, wasOpenedAtLogin: true };
    expect(launchedAtLogin('darwin', [], app)).toBe(true);
    expect(launchedAtLogin('win32', ['steward.exe', '--autostart'], app)).toBe(true);
    expect(launchedAtLogin('linux', ['steward'], app)).toBe(false);
  });
});
