#!/usr/bin/env node
// The `steward` command. It runs the CLI built by `npm run build` (npm ci builds it too).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
// 24.16 is the first Node with crypto.randomUUIDv7, which item ids are made with.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 24 || (major === 24 && minor < 16)) {
  process.stderr.write(`steward: needs Node 24.16 or newer (this is ${process.version}). Run it through npm (npx steward …), which uses the Node 24 in node_modules.\n`);
  process.exit(1);
}
if (!existsSync(built)) {
  process.stderr.write('steward: not built yet. Run `npm run build` (or `npm ci`, which builds) in the Steward folder.\n');
  process.exit(1);
}
// `steward host` runs the engine for as long as it is up. V8 sizes its young generation for the
// machine (about 67 MB on a 24 GB one) and the engine allocates fast while it syncs, so that
// space alone held ~135 MB of a 10,000-message first sync's peak RSS; 2 MB semi-spaces cost no
// measurable throughput there. The flag does not limit the heap, so it cannot make the host run
// out of memory. It only counts at start-up, so the launcher replaces itself (same process id)
// with a Node that has it. (How far the old generation grows between collections, and V8's
// memory saver mode, are set at run time by startHost, for the desktop's engine as well:
// electron/host/heap-growth.ts. `node --no-memory-saver-mode bin/steward.js host` keeps it off.)
const HOST_FLAGS = ['--max-semi-space-size=2'];
// Outside V8's heap, glibc's malloc gives every thread that allocates an arena of its own (up to
// eight per core), and each keeps what was freed in it: V8's compiler and GC helper threads and
// libuv's pool held 18 MB in five arenas at the peak of a 50,000-message first sync, and the main
// arena grew beside them. Two arenas: peak RSS 212 -> 190 MB there, CPU no higher (measured on
// the IMAP benchmark). glibc reads it when the process starts, so it goes in the environment the
// host is re-executed with; a value the user set wins. Other C libraries ignore it.
const HOST_ENV = { MALLOC_ARENA_MAX: '2', ...process.env };
if (process.argv.slice(2).includes('host') && !process.execArgv.includes(HOST_FLAGS[0]) && typeof process.execve === 'function') {
  process.execve(process.execPath, [process.execPath, ...HOST_FLAGS, ...process.execArgv, ...process.argv.slice(1)], HOST_ENV);
}
await import(built);
