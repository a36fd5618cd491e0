/**
 * `npm run dev` renders: the renderer's dev server, configured exactly as `electron-vite dev`
 * configures it (electron.vite.config.ts, resolved by electron-vite itself), serves pages that
 * Chromium renders under their own CSP without a single violation. Electron is not needed for
 * this part: it only loads these same URLs.
 */
import type { ViteDevServer } from 'vite';
import { resolveConfig } from 'electron-vite';
import { createServer } from 'vite';
import { expect, test } from '@playwright/test';

let server: ViteDevServer;
let base = '';

test.beforeAll(async () => {
  // resolveConfig sets NODE_ENV for the process; the specs after this one must not inherit it.
  const nodeEnv = process.env.NODE_ENV;
  const resolved = await resolveConfig({ root: `${import.meta.dirname}/..`, logLevel: 'silent' }, 'serve', 'development');
  if (nodeEnv === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = nodeEnv;
  const renderer = resolved.config?.renderer;
  if (!renderer) throw new Error('electron.vite.config.ts has no renderer config');
  server = await createServer({ ...renderer, server: { ...renderer.server, host: '127.0.0.1', port: 0, strictPort: false } });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('the dev server has no port');
  base = `http://127.0.0.1:${address.port}/`;
});

test.afterAll(async () => {
  await server.close();
});

for (const page of ['index.html', 'settings.html'] as const) {
  test(`the dev server's ${page} renders under its CSP, with nothing refused`, async ({ page: tab }) => {
    await tab.addInitScript(() => {
      const seen: string[] = [];
      (window as { __cspViolations?: string[] }).__cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.effectiveDirective} ${event.blockedURI}`));
    });
    const html = await (await fetch(new URL(page, base))).text();
    // The injected preamble carries the nonce the policy names; nothing is let in wholesale.
    const nonce = /'nonce-([^']+)'/.exec(html)?.[1];
    expect(nonce, 'the dev page’s CSP names a nonce').toBeTruthy();
    expect(html).toContain(`<script type="module" nonce="${nonce}">`);
    expect(html).not.toMatch(/unsafe-inline|unsafe-eval/);

    await tab.goto(new URL(page, base).toString());
    // No engine here: the page renders its "open the link with the token" screen.
    await expect(tab.getByText(/Open the URL printed by/)).toBeVisible({ timeout: 30_000 });
    expect(await tab.evaluate(() => (window as { __cspViolations?: string[] }).__cspViolations)).toEqual([]);
  });
}
