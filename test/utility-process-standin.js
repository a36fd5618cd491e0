// Runs an Electron utilityProcess entry under plain Node, for tests: Electron gives such an
// entry `process.parentPort` (messages from the shell arrive as { data, ports }, `postMessage`
// answers); here the same shape rides on child_process IPC, so fork() this file with the
// entry and its arguments:
//
//   fork('test/utility-process-standin.js', ['out/main/engine.js', '--data-dir', dir])
//
// What it cannot carry is a MessagePort: `ports` is always empty, so API clients use the
// engine's loopback HTTP API (its address and token are in host.json) instead.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [entry, ...args] = process.argv.slice(2);
if (!entry || !process.send) {
  console.error('Usage: fork(utility-process-standin.js, [entry, ...args]) with an IPC channel.');
  process.exit(2);
}
// The entry sees the argv it would see in Electron: its own path, then its arguments.
process.argv = [process.argv[0], resolve(entry), ...args];

const listeners = new Set();
process.on('message', (data) => {
  for (const listener of listeners) listener({ data, ports: [] });
});
process.parentPort = {
  on(event, listener) {
    if (event === 'message') listeners.add(listener);
  },
  postMessage(message) {
    process.send(message);
  },
};

await import(pathToFileURL(resolve(entry)).href);
