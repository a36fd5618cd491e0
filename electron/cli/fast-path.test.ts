import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFastCommand, runFastPath } from './fast-path.js';

describe('the kill switch fast path takes only the command lines it fully understands', () => {
  it.each<[string, string[], object]>([
    ['pause', ['pause'], { command: 'pause', json: false, hard: false }],
    ['resume', ['resume'], { command: 'resume', json: false, hard: false }],
    ['a data folder before the command', ['--data-dir', '/d', 'pause'], { command: 'pause', dataDir: '/d' }],
    ['a data folder after it, inline', ['pause', '--data-dir=/d'], { command: 'pause', dataDir: '/d' }],
    ['--json anywhere', ['pause', '--json'], { command: 'pause', json: true }],
    ['a reason', ['pause', '--reason', 'lunch break'], { command: 'pause', reason: 'lunch break' }],
    ['an inline reason with an equals sign', ['pause', '--reason=a=b'], { command: 'pause', reason: 'a=b' }],
    ['the last reason wins, as in commander', ['pause', '--reason', 'a', '--reason', 'b'], { reason: 'b' }],
    ['--hard', ['--json', 'pause', '--hard', '--reason', 'hung'], { command: 'pause', hard: true, json: true, reason: 'hung' }],
  ])('%s', (_name, argv, expected) => {
    expect(parseFastCommand(argv)).toMatchObject(expected);
  });

  it.each<[string, string[]]>([
    ['another command', ['status']],
    ['no command', ['--json']],
    ['help', ['pause', '--help']],
    ['a short option', ['pause', '-h']],
    ['an unknown option', ['pause', '--reasn', 'x']],
    ['an extra argument', ['pause', 'now']],
    ['two commands', ['pause', 'resume']],
    ['a reason for resume', ['resume', '--reason', 'x']],
    ['a pause option before the command', ['--hard', 'pause']],
    ['an option without its value', ['pause', '--reason']],
    ['a value that looks like an option', ['pause', '--reason', '--json']],
    ['a data folder without its value', ['--data-dir']],
    ['a flag given a value', ['pause', '--json=yes']],
    ['the end of options', ['pause', '--']],
  ])('leaves %s to the full program', (_name, argv) => {
    expect(parseFastCommand(argv)).toBeUndefined();
  });
});

describe('the kill switch fast path never hangs on a stale host.json', () => {
  it('gives up on an address that takes the connection but never answers, and asks the lock instead', async () => {
    // A dead host's pid and port both taken over: the pid by a live process (this one), the port
    // by a listener that accepts and then says nothing.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const dataDir = mkdtempSync(join(tmpdir(), 'steward-fast-path-'));
    try {
      const info = { pid: process.pid, url: `http://127.0.0.1:${port}/`, token: 't', cliToken: 'c', mode: 'headless', startedAt: new Date().toISOString() };
      writeFileSync(join(dataDir, 'host.json'), JSON.stringify(info));
      const started = performance.now();
      // No lock is held on this data folder, so no host runs: the full program takes the pause.
      await expect(runFastPath(['--data-dir', dataDir, 'pause'])).resolves.toBeUndefined();
      expect(sockets.length).toBe(1);
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
