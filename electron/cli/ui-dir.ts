import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built UI next to the built CLI (out/main/cli.js → out/renderer). */
export function builtUiDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../renderer');
}
