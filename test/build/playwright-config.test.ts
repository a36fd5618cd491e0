/** The end-to-end configuration: on CI a forgotten test.only fails the run instead of skipping the rest. */
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function configWith(ci: string | undefined) {
  vi.stubEnv('CI', ci);
  vi.resetModules();
  return (await import('../../playwright.config.js')).default;
}

describe('playwright.config.ts', () => {
  it('forbids test.only when CI is set', async () => {
    expect((await configWith('true')).forbidOnly).toBe(true);
  });

  it('allows it on a developer machine', async () => {
    expect((await configWith(undefined)).forbidOnly).toBe(false);
  });
});
