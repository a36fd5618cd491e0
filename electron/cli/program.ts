/**
 * The `steward` command. Every command takes --data-dir and --json; with --json it prints JSON
 * only (objects in lists carry an id). Errors go to stderr in words, with a non-zero exit.
 */
import { Command, Option } from 'commander';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineApi } from '@shared/api/contract.js';
import { ApiError, toApiError } from '@shared/api/errors.js';
import type { Account, GrantMode } from '@shared/domain/types.js';
import { defaultDataDir } from '../engine/index.js';
import { startHost } from '../host/run-host.js';
import { connect, type Connection } from './connect.js';
import { readSecret } from './prompt.js';
import * as render from './render.js';

interface GlobalOptions {
  dataDir: string;
  json: boolean;
}

/** The built UI next to the built CLI (out/main/cli.js → out/renderer). */
export function builtUiDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../renderer');
}

export function buildProgram(io: { out: (text: string) => void; err: (text: string) => void } = defaultIo): Command {
  const program = new Command('steward')
    .description('Steward: watches your mail, proposes actions, and never acts without your yes.')
    .addOption(new Option('--data-dir <dir>', 'data folder').default(defaultDataDir(), 'the OS app-data folder'))
    .option('--json', 'print JSON only', false)
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const print = (value: unknown, human: () => string) => io.out(`${globals().json ? JSON.stringify(value, null, 2) : human()}\n`);

  /** Runs a command against the Steward of the data folder, closing the connection after. */
  const withApi =
    <A extends unknown[]>(run: (api: EngineApi, connection: Connection, ...args: A) => Promise<void>) =>
    async (...args: A) => {
      const connection = connect(resolve(globals().dataDir));
      try {
        await run(connection.api, connection, ...args);
      } finally {
        await connection.close();
      }
    };

  program
    .command('host')
    .description('run Steward headless: the engine, the web UI and the API on 127.0.0.1')
    .option('--port <n>', 'port to listen on (default: any free port)', parsePort)
    .action(async (options: { port?: number }) => {
      const { dataDir, json } = globals();
      const host = await startHost({ dataDir: resolve(dataDir), port: options.port ?? 0, staticDir: builtUiDir() });
      io.out(json ? `${JSON.stringify({ url: host.openUrl, pid: process.pid })}\n` : `Steward is running at ${host.openUrl}\n`);
      if (!host.tokenPersisted && !json) io.err('Note: no OS keychain was reachable, so this address changes on every start.\n');
      await new Promise<void>((done) => {
        const stop = () => void host.stop().then(done);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  program
    .command('status')
    .description('is Steward running or paused, and how are the accounts')
    .action(
      withApi(async (api, connection) => {
        const status = await api.getStatus();
        const via = connection.via.kind === 'host' ? `Answering at ${connection.via.url}` : 'Not running (showing what is stored)';
        print(status, () => render.renderStatus(status, via));
      }),
    );

  program
    .command('pause')
    .description('stop all agent activity now (the kill switch); persists until resume')
    .option('--reason <text>', 'why, for the ledger')
    .action(
      withApi(async (api, _c, options: { reason?: string }) => {
        const status = await api.pause(options.reason ? { reason: options.reason } : {});
        print(status, () => 'Paused: Steward will not act until you run `steward resume`.');
      }),
    );

  program
    .command('resume')
    .description('let Steward act again (on what you approve)')
    .action(
      withApi(async (api) => {
        const status = await api.resume();
        print(status, () => 'Resumed.');
      }),
    );

  const accounts = program.command('accounts').description('mail accounts Steward watches');
  accounts
    .command('list')
    .description('list accounts and their connection state')
    .action(
      withApi(async (api) => {
        const list = await api.listAccounts();
        print(list, () => render.renderAccounts(list));
      }),
    );
  accounts
    .command('add')
    .description('add an account (the connection is tested first; the password goes to the OS keychain)')
    .argument('<kind>', 'account kind: imap')
    .requiredOption('--email <address>', 'the address mail arrives at')
    .requiredOption('--host <host>', 'IMAP server')
    .option('--port <n>', 'IMAP port (default 993 with TLS, 143 without)', parsePort)
    .option('--tls', 'connect with TLS (default)')
    .option('--no-tls', 'connect without TLS (only for servers on your own machine or network)')
    .option('--user <name>', 'login name (default: the email address)')
    .option('--name <display name>', 'your name, used in drafts')
    .option('--archive-folder <folder>', 'where archived mail goes (default: the server’s Archive folder)')
    .option('--password-stdin', 'read the password from standard input')
    .action(
      withApi(async (api, _c, kind: string, options: AddOptions) => {
        if (kind !== 'imap') throw new ApiError('invalid_input', `Unknown account kind "${kind}". Steward supports: imap.`);
        const tls = options.tls !== false;
        const password = await readSecret(`Password for ${options.email}: `);
        const account = await api.addImapAccount({
          email: options.email,
          host: options.host,
          port: options.port ?? (tls ? 993 : 143),
          tls,
          username: options.user ?? options.email,
          password,
          ...(options.name ? { displayName: options.name } : {}),
          ...(options.archiveFolder ? { archiveMailbox: options.archiveFolder } : {}),
        });
        print(account, () => `Added ${account.email} (${render.shortId(account.id)}). Steward is watching its inbox.`);
      }),
    );
  accounts
    .command('password')
    .description('enter an account’s password again (tested first, then kept in the OS keychain)')
    .argument('<id>', 'account id (or its first characters) or email address')
    .option('--password-stdin', 'read the password from standard input')
    .action(
      withApi(async (api, _c, id: string) => {
        const account = await findAccount(api, id);
        const password = await readSecret(`New password for ${account.email}: `);
        const updated = await api.updateAccountPassword({ id: account.id, password });
        print(updated, () => `Password updated for ${updated.email}. Steward is reconnecting.`);
      }),
    );
  accounts
    .command('remove')
    .description('stop watching an account and forget its password')
    .argument('<id>')
    .action(
      withApi(async (api, _c, id: string) => {
        const account = await findAccount(api, id);
        const result = await api.removeAccount({ id: account.id });
        print(result, () => `Removed ${account.email}.`);
      }),
    );

  program
    .command('suggestions')
    .description('what Steward proposes (open ones; --all for every state)')
    .option('--all', 'include done, dismissed and undone ones')
    .action(
      withApi(async (api, _c, options: { all?: boolean }) => {
        const list = await api.listSuggestions({ include: options.all ? 'all' : 'open' });
        print(list, () => render.renderSuggestions(list));
      }),
    );

  program
    .command('approve')
    .description('approve a suggestion and run its plan')
    .argument('<id>', 'suggestion id (or its first characters)')
    .option('--revision <n>', 'only if the plan is still at this revision', parsePositive)
    .action(
      withApi(async (api, _c, id: string, options: { revision?: number }) => {
        const result = await api.approveSuggestion({ id, ...(options.revision ? { revision: options.revision } : {}) });
        print(result, () => render.renderSuggestionResult(result));
        if (result.status !== 'done') process.exitCode = 1;
      }),
    );

  program
    .command('dismiss')
    .description('dismiss a suggestion')
    .argument('<id>')
    .action(
      withApi(async (api, _c, id: string) => {
        const result = await api.dismissSuggestion({ id });
        print(result, () => `Dismissed: ${result.title}`);
      }),
    );

  program
    .command('undo')
    .description("undo an action, or every step of a suggestion that ran")
    .argument('<id>', 'action or suggestion id')
    .action(
      withApi(async (api, _c, id: string) => {
        const undone = await api.undo({ id });
        print(undone, () => undone.map((a) => `Undone: ${a.result ?? a.title}`).join('\n'));
      }),
    );

  program
    .command('activity')
    .description('what ran, newest first, with what can still be undone')
    .option('--limit <n>', 'how many', parsePositive)
    .action(
      withApi(async (api, _c, options: { limit?: number }) => {
        const list = await api.listActivity({ limit: options.limit ?? 50 });
        print(list, () => render.renderActions(list));
      }),
    );

  program
    .command('ledger')
    .description('the record of every decision and action; --verify checks its hash chain')
    .option('--verify', 'check that no entry was edited or deleted')
    .option('--limit <n>', 'how many entries', parsePositive)
    .action(
      withApi(async (api, _c, options: { verify?: boolean; limit?: number }) => {
        if (options.verify) {
          const result = await api.verifyLedger();
          print(result, () => render.renderVerification(result));
          if (!result.ok) process.exitCode = 3;
          return;
        }
        const list = await api.listLedger({ limit: options.limit ?? 50 });
        print(list, () => render.renderLedger(list));
      }),
    );

  const grants = program.command('grants').description('what Steward may do per app: deny, ask or allow');
  grants.action(
    withApi(async (api) => {
      const list = await api.listGrants();
      print(list, () => render.renderGrants(list));
    }),
  );
  grants
    .command('set')
    .description('set a capability to deny, ask or allow, e.g. `steward grants set imap email.archive allow`')
    .argument('<app>')
    .argument('<capability>')
    .argument('<mode>', 'deny | ask | allow')
    .action(
      withApi(async (api, _c, app: string, capability: string, mode: string) => {
        const grant = await api.setGrant({ app, capability, mode } as { app: 'imap'; capability: 'email.read'; mode: GrantMode });
        print(grant, () => `${grant.capability} in ${grant.app}: ${grant.mode}`);
      }),
    );

  return program;
}

/** An account by id, id prefix or email address. */
async function findAccount(api: EngineApi, id: string): Promise<Account> {
  const match = (await api.listAccounts()).filter((a) => a.id.startsWith(id) || a.email === id.toLowerCase());
  const [only] = match;
  if (match.length !== 1 || !only) {
    throw new ApiError(match.length === 0 ? 'not_found' : 'conflict', `No single account matches "${id}". See \`steward accounts list\`.`);
  }
  return only;
}

interface AddOptions {
  email: string;
  host: string;
  port?: number;
  tls?: boolean;
  user?: string;
  name?: string;
  archiveFolder?: string;
}

const defaultIo = {
  out: (text: string) => process.stdout.write(text),
  err: (text: string) => process.stderr.write(text),
};

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ApiError('invalid_input', `"${value}" is not a port number (0–65535).`);
  return n;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ApiError('invalid_input', `"${value}" is not a positive whole number.`);
  return n;
}

/** Runs the CLI; resolves to the exit code. */
export async function runCli(argv: readonly string[], io = defaultIo): Promise<number> {
  const program = buildProgram(io);
  program.exitOverride();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return 2;
    const apiError = toApiError(error);
    if (program.opts<GlobalOptions>().json) io.out(`${JSON.stringify({ error: apiError.toPayload() })}\n`);
    io.err(`steward: ${apiError.message}\n`);
    return apiError.code === 'invalid_input' ? 2 : 1;
  }
}
