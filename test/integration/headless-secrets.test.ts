/**
 * A headless server without a keychain, as a user meets it: the built `steward` command with NO
 * D-Bus session (so no Secret Service), the run's real Dovecot, and the encrypted secrets file.
 * The passphrase comes on stdin first, then as a systemd credential ($CREDENTIALS_DIRECTORY).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Account } from '../../shared/domain/types.js';
import { createImapUser, tempDataDir } from '../engine-fixture.js';
import { changeDovecotPassword } from '../servers/dovecot.js';
import type { ImapUser } from '../fixtures.js';
import { waitUntil } from '../wait-until.js';

const bin = fileURLToPath(new URL('../../bin/steward.js', import.meta.url));
const built = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url));
const PASSPHRASE = 'correct horse battery staple';

/** This run's environment without any way to a keychain: no session bus, no runtime dir with one. */
function noKeychainEnv(more: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...more };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  delete env.XDG_RUNTIME_DIR;
  if (!more.CREDENTIALS_DIRECTORY) delete env.CREDENTIALS_DIRECTORY;
  return env;
}

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function steward(dataDir: string, args: readonly string[], stdin = '', env = noKeychainEnv()): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '--data-dir', dataDir, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

interface RunningHost {
  readonly child: ChildProcess;
  readonly url: string;
  stderr(): string;
  stop(): Promise<number | null>;
}

/** Starts `steward host` and resolves once it prints its address; rejects with its words if it exits first. */
function startHost(dataDir: string, args: readonly string[], stdin: string | null, env = noKeychainEnv()): Promise<RunningHost> {
  const child = spawn(process.execPath, [bin, '--data-dir', dataDir, 'host', ...args], { stdio: [stdin === null ? 'ignore' : 'pipe', 'pipe', 'pipe'], env });
  if (stdin !== null) child.stdin?.end(stdin);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const line = /^Steward is running at (\S+)\n/.exec(stdout);
      if (line?.[1]) {
        resolve({
          child,
          url: line[1],
          stderr: () => stderr,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`steward host exited with ${code}: ${stderr.trim()}`)));
  });
}

function hostFails(dataDir: string, args: readonly string[], stdin: string): Promise<Result> {
  return steward(dataDir, ['host', ...args], stdin);
}

function snapshot(dataDir: string): Record<string, string> {
  return Object.fromEntries(['secrets.age', 'secrets.key.age'].map((name) => [name, readFileSync(join(dataDir, name)).toString('base64')]));
}

async function accounts(dataDir: string): Promise<Account[]> {
  const result = await steward(dataDir, ['accounts', 'list', '--json']);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as Account[];
}

describe('steward host on a machine without a keychain', { timeout: 90_000 }, () => {
  let dataDir = '';
  let credentials = '';
  let user: ImapUser;
  let running: RunningHost | null = null;
  let firstUrl = '';

  const addArgs = () => ['accounts', 'add', 'imap', '--email', user.email, '--host', user.server.host, '--port', String(user.server.port), '--no-tls', '--password-stdin'];

  beforeAll(async () => {
    if (!existsSync(built)) throw new Error('The CLI is not built: run `npm run build` first (npm test does).');
    dataDir = tempDataDir();
    credentials = mkdtempSync(join(tmpdir(), 'steward-credentials-'));
    user = await createImapUser();
  });

  afterAll(async () => {
    await running?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(credentials, { recursive: true, force: true });
  });

  it('without a secrets file, runs but refuses to keep a password, naming both ways out', async () => {
    running = await startHost(dataDir, [], null);
    await waitUntil('the note about secrets', () => running?.stderr().includes('Note: accounts cannot be added yet'));
    // It runs with the memory settings bin/steward.js re-executes it with: V8's flags, and two malloc arenas.
    const pid = running.child.pid ?? 0;
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toContain('--max-semi-space-size=2');
    expect(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')).toContain('MALLOC_ARENA_MAX=2');
    const added = await steward(dataDir, addArgs(), user.password);
    expect(added.code).toBe(1);
    expect(added.stderr).toContain('no OS keychain is reachable here');
    expect(added.stderr).toContain('start a Secret Service keyring');
    expect(added.stderr).toContain('`steward host --secrets-file`');
    expect(await accounts(dataDir)).toEqual([]);
    expect(await running.stop()).toBe(0);
    running = null;
    expect(existsSync(join(dataDir, 'secrets.age'))).toBe(false);
  });

  it('with --secrets-file and the passphrase on stdin, keeps the password encrypted in a private file', async () => {
    running = await startHost(dataDir, ['--secrets-file', '--passphrase-stdin'], `${PASSPHRASE}\n`);
    firstUrl = running.url;
    await waitUntil('the note on the secrets file', () => running?.stderr().includes(`Secrets: created the encrypted file ${join(dataDir, 'secrets.age')}.`));
    const added = await steward(dataDir, addArgs(), user.password);
    expect(added.stderr).toBe('');
    expect(added.stdout).toMatch(/^Added user-.* Steward is watching its inbox\.\n$/);
    await waitUntil('the account to connect', async () => (await accounts(dataDir))[0]?.connection.state === 'connected', 30_000);

    for (const name of ['secrets.age', 'secrets.key.age']) expect(statSync(join(dataDir, name)).mode & 0o777).toBe(0o600);
    for (const name of readdirSync(dataDir)) {
      const bytes = readFileSync(join(dataDir, name));
      expect(bytes.includes(user.password), `${name} holds the password in the clear`).toBe(false);
      expect(bytes.includes(PASSPHRASE), `${name} holds the passphrase`).toBe(false);
    }
    expect(await running.stop()).toBe(0);
    running = null;
  });

  it('refuses a wrong passphrase in words, and changes nothing', async () => {
    const before = snapshot(dataDir);
    const wrong = await hostFails(dataDir, ['--passphrase-stdin'], 'not the passphrase\n');
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toMatch(/^steward: The passphrase does not open .*secrets\.age .*Nothing was changed: try again with the passphrase chosen when the secrets file was created\.\n$/);
    expect(snapshot(dataDir)).toEqual(before);
    expect(existsSync(join(dataDir, 'host.json'))).toBe(false);

    const noWay = await steward(dataDir, ['host'], '');
    expect(noWay.code).toBe(1);
    expect(noWay.stderr).toContain('Give it on standard input with --passphrase-stdin');
    expect(noWay.stderr).toContain('LoadCredential=steward-passphrase:');
  });

  it('without a host, a command that needs a secret says how to give the passphrase; a systemd credential gives it', async () => {
    const [account] = await accounts(dataDir);
    const before = snapshot(dataDir);
    const locked = await steward(dataDir, ['accounts', 'password', account!.id, '--password-stdin'], user.password);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain('no Steward is running to hold its passphrase');
    expect(locked.stderr).toContain('Start `steward host`');
    expect(snapshot(dataDir)).toEqual(before);

    writeFileSync(join(credentials, 'steward-passphrase'), `${PASSPHRASE}\n`, { mode: 0o600 });
    // A password really changed at the provider (the same one again would prove nothing).
    const newPassword = 'e'.repeat(user.password.length);
    await changeDovecotPassword(inject('dovecot').dir, user.email, user.password, newPassword);
    const stale = await steward(dataDir, ['accounts', 'password', account!.id, '--password-stdin'], user.password, noKeychainEnv({ CREDENTIALS_DIRECTORY: credentials }));
    expect(stale.code).toBe(1);
    const unlocked = await steward(dataDir, ['accounts', 'password', account!.id, '--password-stdin'], newPassword, noKeychainEnv({ CREDENTIALS_DIRECTORY: credentials }));
    expect(unlocked.stderr).toBe('');
    expect(unlocked.stdout).toBe(`Password updated for ${user.email}. Steward is reconnecting.\n`);
  });

  it('restarts under systemd with the same passphrase: the same token, and the account reconnects', async () => {
    running = await startHost(dataDir, [], null, noKeychainEnv({ CREDENTIALS_DIRECTORY: credentials }));
    await waitUntil('the note on the secrets file', () => running?.stderr().includes(`Secrets: unlocked the encrypted file ${join(dataDir, 'secrets.age')}.`));
    // The host token lives in the secrets file too, so a bookmarked address (on a fixed --port) survives the restart.
    expect(new URL(running.url).hash).toBe(new URL(firstUrl).hash);
    const [account] = await waitUntil(
      'the account to reconnect',
      async () => {
        const list = await accounts(dataDir);
        return list[0]?.connection.state === 'connected' ? list : undefined;
      },
      30_000,
    );
    expect(account).toMatchObject({ email: user.email, connection: { state: 'connected', lastError: null } });
  });
});
