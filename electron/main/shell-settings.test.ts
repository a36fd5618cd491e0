import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ShellSettingsFile, shouldTurnOnLaunchAtLogin } from './shell-settings.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ShellSettingsFile', () => {
  it('starts from defaults, persists updates, and survives a corrupt file', () => {
    dir = mkdtempSync(join(tmpdir(), 'steward-shell-settings-'));
    expect(new ShellSettingsFile(dir).current).toEqual({ launchAtLoginDecided: false });
    new ShellSettingsFile(dir).update({ launchAtLoginDecided: true });
    expect(new ShellSettingsFile(dir).current).toEqual({ launchAtLoginDecided: true });
    expect(JSON.parse(readFileSync(join(dir, 'shell-settings.json'), 'utf8'))).toEqual({ launchAtLoginDecided: true });
    writeFileSync(join(dir, 'shell-settings.json'), '{oops');
    expect(new ShellSettingsFile(dir).current).toEqual({ launchAtLoginDecided: false });
  });
});

describe('shouldTurnOnLaunchAtLogin', () => {
  it.each([
    [{ decided: false, hasAccount: true, available: true }, true],
    [{ decided: false, hasAccount: false, available: true }, false],
    [{ decided: true, hasAccount: true, available: true }, false],
    [{ decided: false, hasAccount: true, available: false }, false],
  ])('%j → %s', (input, expected) => {
    expect(shouldTurnOnLaunchAtLogin(input)).toBe(expected);
  });
});
