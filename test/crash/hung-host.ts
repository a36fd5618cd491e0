/**
 * A Steward host that has stopped answering (its event loop busy, a deadlock): it holds the data
 * folder's lock and left host.json like a real host, but never answers a request. For
 * `steward pause --hard`, which must end it.
 *
 *   node --import tsx test/crash/hung-host.ts DATA_DIR
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lockDataDir } from '../../electron/engine/db/data-dir-lock.js';
import { writeHostInfo } from '../../electron/host/host-file.js';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: hung-host.ts DATA_DIR');
lockDataDir(dataDir);
const server = createServer(() => {
  // Never answers.
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  writeHostInfo(dataDir, { pid: process.pid, url: `http://127.0.0.1:${port}/`, token: 'web', cliToken: 'cli', mode: 'host', startedAt: new Date().toISOString() });
  process.stdout.write('ready\n');
});
