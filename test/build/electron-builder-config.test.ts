/**
 * The packaging configuration, loaded and validated by electron-builder's own code and schema
 * (packaging itself needs Electron's zips from outside the registry, so it is not run here).
 * A fuse name with a typo, an option in the wrong place, or a release config that lost the
 * update feed fails here instead of in a release.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util/out/DebugLogger.js';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { desktopName?: string; scripts: Record<string, string> };

async function load(file: string) {
  const config = await getConfig(root, file, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

describe('build/electron-builder.yml', () => {
  it('passes electron-builder’s schema', async () => {
    await expect(load('build/electron-builder.yml')).resolves.toBeTruthy();
  });

  it('flips the fuses: no RunAsNode, no NODE_OPTIONS, no --inspect, asar integrity on, only app.asar', async () => {
    const config = await load('build/electron-builder.yml');
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('names the .desktop file after desktopName, which Electron uses as the Wayland and portal app id', async () => {
    const config = await load('build/electron-builder.yml');
    expect(packageJson.desktopName).toBe('app.steward.Steward.desktop');
    expect(config.linux).toMatchObject({ syncDesktopName: true, executableName: 'steward' });
    expect(config.appId).toBe('app.steward.desktop');
  });

  it('a plain dist has no update feed (only a release does)', async () => {
    const config = await load('build/electron-builder.yml');
    expect(config.publish).toBeUndefined();
  });
});

describe('build/electron-builder.release.yml', () => {
  it('is the base config plus the update feed and notarization', async () => {
    const config = await load('build/electron-builder.release.yml');
    expect(config.publish).toEqual({ provider: 'generic', url: '${env.STEWARD_UPDATE_URL}', channel: 'latest' });
    expect(config.mac).toMatchObject({ notarize: true, hardenedRuntime: true, extendInfo: { LSUIElement: true } });
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableEmbeddedAsarIntegrityValidation: true });
    expect(packageJson.scripts['dist:release']).toContain('build/electron-builder.release.yml');
  });
});
