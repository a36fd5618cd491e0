#!/usr/bin/env node
// The `steward` command. It runs the CLI built by `npm run build` (npm ci builds it too).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(`steward: needs Node 24 or newer (this is ${process.version}). Run it through npm (npx steward …), which uses the Node 24 in node_modules.\n`);
  process.exit(1);
}
if (!existsSync(built)) {
  process.stderr.write('steward: not built yet. Run `npm run build` (or `npm ci`, which builds) in the Steward folder.\n');
  process.exit(1);
}
await import(built);
