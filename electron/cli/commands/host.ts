/** `steward host`: the engine, the web UI and the API on loopback, until interrupted. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { startHost } from '../../host/run-host.js';
import type { CliContext } from '../context.js';
import { parsePort } from '../parse.js';
import { builtUiDir } from '../ui-dir.js';

export function registerHostCommand(program: Command, ctx: CliContext): void {
  program
    .command('host')
    .description('run Steward headless: the engine, the web UI and the API on 127.0.0.1')
    .option('--port <n>', 'port to listen on (default: any free port)', parsePort)
    .action(async (options: { port?: number }) => {
      const { dataDir, json } = ctx.globals();
      const host = await startHost({ dataDir: resolve(dataDir), port: options.port ?? 0, staticDir: builtUiDir() });
      ctx.io.out(json ? `${JSON.stringify({ url: host.openUrl, pid: process.pid })}\n` : `Steward is running at ${host.openUrl}\n`);
      if (!host.tokenPersisted && !json) ctx.io.err('Note: no OS keychain was reachable, so this address changes on every start.\n');
      await new Promise<void>((done) => {
        const stop = () => void host.stop().then(done);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
