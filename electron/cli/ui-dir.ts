import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built UI beside the built CLI (out/main → out/renderer). The bundler puts this code in
 * out/main/cli.js or in a chunk below it (out/main/chunks/…), as it sees fit, so both are tried.
 */
export function builtUiDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, '../renderer'), resolve(here, '../../renderer')];
  return candidates.find((dir) => existsSync(resolve(dir, 'index.html'))) ?? candidates[0]!;
}
