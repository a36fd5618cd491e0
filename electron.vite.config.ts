import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const alias = { '@shared': resolve(import.meta.dirname, 'shared') };

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
        },
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
    plugins: [react()],
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
