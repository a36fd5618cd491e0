import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

const alias = { '@shared': resolve(import.meta.dirname, 'shared') };

/** Adds a nonce source to the policy's script-src and style-src (adding them if missing). */
export function withNonce(policy: string, nonce: string): string {
  const directives = policy
    .split(';')
    .map((directive) => directive.trim())
    .filter(Boolean);
  for (const name of ['script-src', 'style-src']) {
    const index = directives.findIndex((directive) => directive.split(/\s+/)[0] === name);
    if (index === -1) directives.push(`${name} 'self' 'nonce-${nonce}'`);
    else directives[index] = `${directives[index]} 'nonce-${nonce}'`;
  }
  return directives.join('; ');
}

/**
 * `npm run dev`: the pages come from Vite's dev server, which injects an inline script (React
 * Refresh's preamble) and, for hot updates and its error overlay, <style> elements, none of
 * which the pages' meta CSP allows. In development only, Vite stamps one nonce per server on
 * everything it injects (`html.cspNonce`) and this plugin adds that nonce to the meta policy,
 * so nothing else is let in: no 'unsafe-inline', no 'unsafe-eval'. Built pages keep the policy
 * as written, and the app:// handler sends a stricter one with them.
 */
export function devContentSecurityPolicy(nonce: string = randomBytes(18).toString('base64')): Plugin {
  return {
    name: 'steward:dev-content-security-policy',
    apply: 'serve',
    config: () => ({ html: { cspNonce: nonce } }),
    transformIndexHtml: {
      order: 'post',
      handler: (html) =>
        html.replace(
          /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/,
          (_match, start: string, policy: string, end: string) => `${start}${withNonce(policy, nonce)}${end}`,
        ),
    },
  };
}

export default defineConfig({
  // Node side: the Electron shell, the engine (run as a utilityProcess or by `steward host`)
  // and the CLI all come out of one build so that they share chunks and dependencies.
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: resolve(import.meta.dirname, 'electron/main/index.ts'),
          engine: resolve(import.meta.dirname, 'electron/utility/engine-entry.ts'),
          cli: resolve(import.meta.dirname, 'electron/cli/index.ts'),
          // The folders connector reads .docx and .pdf text in a worker thread of its own.
          'document-text-worker': resolve(import.meta.dirname, 'electron/engine/items/file/document-text-worker.ts'),
        },
        // The engine's source stays in memory for as long as it runs (V8 compiles functions
        // lazily from it). One "…" made the 2 MB chunk a two-byte string; escaped to ASCII and
        // without comments it is 0.9 MB of one-byte text: 2 MB less for the idle host. The
        // dependencies are not bundled here, so no licence text is dropped.
        output: { charset: 'ascii', comments: false },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require() anything but 'electron': bundle everything.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    resolve: { alias },
    plugins: [react(), devContentSecurityPolicy()],
    build: {
      outDir: 'out/renderer',
      // Served to a browser by `steward host` as well as loaded by Electron: keep it small.
      minify: true,
      rolldownOptions: {
        input: {
          index: resolve(import.meta.dirname, 'renderer/index.html'),
          settings: resolve(import.meta.dirname, 'renderer/settings.html'),
        },
      },
    },
  },
});
