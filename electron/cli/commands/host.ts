/** `steward host`: the engine, the web UI and the API on loopback, until interrupted. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { OpenedSecretStore } from '../../engine/index.js';
import type { CliContext } from '../context.js';
import { parsePort } from '../parse.js';
import { builtUiDir } from '../ui-dir.js';

export function registerHostCommand(program: Command, ctx: CliContext): void {
  program
    .command('host')
    .description('run Steward headless: the engine, the web UI and the API on 127.0.0.1')
    .option('--port <n>', 'port to listen on (default: any free port)', parsePort)
    .option('--secrets-file', 'keep passwords in an encrypted file in the data folder instead of the OS keychain (created on first use)')
    .option('--passphrase-stdin', "read the secrets file's passphrase from standard input")
    .option('--new-token', 'replace the token in the address, so that an address copied or kept in a browser history stops working')
    .action(async (options: { port?: number; secretsFile?: boolean; passphraseStdin?: boolean; newToken?: boolean }) => {
      const { dataDir, json } = ctx.globals();
      let secrets: OpenedSecretStore | undefined;
      // Loaded here, not at the top: every other command starts without the engine (see connect.ts).
      const [{ startHost }, { openHostSecretStore }] = await Promise.all([import('../../host/run-host.js'), import('../secret-stores.js')]);
      const host = await startHost({
        dataDir: resolve(dataDir),
        port: options.port ?? 0,
        staticDir: builtUiDir(),
        newToken: options.newToken ?? false,
        secrets: async () => (secrets = await openHostSecretStore(resolve(dataDir), options)).store,
      });
      ctx.io.out(
        json
          ? `${JSON.stringify({ url: host.openUrl, pid: process.pid, secrets: describeSecrets(secrets) })}\n`
          : `Steward is running at ${host.openUrl}\n`,
      );
      const note = secretsNote(secrets, host.tokenPersisted);
      if (note && !json) ctx.io.err(note);
      await new Promise<void>((done) => {
        const stop = () => void host.stop().then(done);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

function describeSecrets(secrets: OpenedSecretStore | undefined): { kind: string; path?: string } {
  if (secrets?.kind === 'file') return { kind: 'file', path: secrets.path };
  return { kind: secrets?.kind ?? 'keychain' };
}

/** What the person who started the host should know about where passwords go. */
function secretsNote(secrets: OpenedSecretStore | undefined, tokenPersisted: boolean): string {
  switch (secrets?.kind) {
    case 'file':
      return `Secrets: ${secrets.created ? 'created' : 'unlocked'} the encrypted file ${secrets.path}.\n`;
    case 'none':
      return `Note: accounts cannot be added yet, and this address changes on every start. ${secrets.problem.message}\n`;
    default:
      return tokenPersisted ? '' : 'Note: the OS keychain refused to keep the token, so this address changes on every start.\n';
  }
}
