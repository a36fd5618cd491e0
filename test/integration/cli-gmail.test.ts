/**
 * `steward accounts add gmail` as a user runs it (the built binary): it prints the sign-in address
 * at once, opens no browser on a machine without a display, and waits; the test plays the browser
 * on the Google emulator's consent page, and the command ends with the account added. Against a
 * running host, and without one (the CLI's own engine).
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../shared/domain/types.js';
import { tempDataDir } from '../engine-fixture.js';
import { createGmailUser } from '../fixtures.js';
import { testClientId } from '../gmail-fixture.js';
import { consentAs } from '../servers/google-consent.js';
import { waitUntil } from '../wait-until.js';

const bin = fileURLToPath(new URL('../../bin/steward.js', import.meta.url));
const built = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url));

/** The environment of a user on a headless machine: no display, no client id configured. */
function headlessEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['DISPLAY', 'WAYLAND_DISPLAY', 'SSH_CONNECTION', 'SSH_TTY', 'STEWARD_GOOGLE_CLIENT_ID', 'STEWARD_GOOGLE_CLIENT_SECRET']) delete env[name];
  return env;
}

interface Running {
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exit: Promise<number>;
  kill(): void;
}

function run(dataDir: string, args: readonly string[], env = headlessEnv()): Running {
  const child = spawn(process.execPath, [bin, '--data-dir', dataDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
  return { stdout: () => stdout, stderr: () => stderr, exit, kill: () => child.kill('SIGTERM') };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function dataDir(): string {
  const dir = tempDataDir();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function startHost(dir: string): Promise<void> {
  const host = run(dir, ['host']);
  cleanups.push(async () => {
    host.kill();
    await host.exit;
  });
  await waitUntil('the host’s address', () => /^Steward is running at /m.test(host.stdout()), 30_000);
}

/** Runs `steward accounts add gmail|gcal …`, follows the address it prints as the browser would, and waits for it to end. */
async function addGoogle(kind: 'gmail' | 'gcal', dir: string, email: string, extra: readonly string[] = []) {
  const command = run(dir, ['accounts', 'add', kind, '--email', email, '--client-id', testClientId(), ...extra]);
  cleanups.push(() => command.kill());
  const line = await waitUntil('the sign-in address', () => /^Open this address to sign in: (\S+)$/m.exec(command.stdout())?.[1], 30_000);
  const visit = await consentAs(line, email);
  const code = await command.exit;
  return { code, url: line, visit, stdout: command.stdout(), stderr: command.stderr() };
}

describe('steward accounts add gmail', () => {
  beforeAll(() => {
    if (!existsSync(built)) throw new Error('The CLI is not built: run `npm run build` first (npm test does).');
  });

  it('prints the address, opens no browser without a display, and adds the account once the browser comes back', async () => {
    const dir = dataDir();
    await startHost(dir);
    const user = await createGmailUser();
    const added = await addGoogle('gmail', dir, user.email, ['--name', 'Ada Lovelace']);
    expect(added.stderr).toMatch(/No browser was opened: there is no display here\./);
    expect(added.stderr).toMatch(/forward that port first \(ssh -L \d+:127\.0\.0\.1:\d+/);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(new RegExp(`Added ${user.email.replace(/[.]/g, '\\.')} \\([0-9a-f]{8}\\)\\. Steward is watching its mail\\.`));
    expect(new URL(added.url).searchParams.get('login_hint')).toBe(user.email);
    expect(added.visit.landing).toMatchObject({ status: 200 });

    const listed = run(dir, ['accounts', 'list', '--json']);
    expect(await listed.exit).toBe(0);
    const [account] = JSON.parse(listed.stdout()) as Account[];
    expect(account).toMatchObject({ kind: 'gmail', email: user.email, displayName: 'Ada Lovelace' });
    await waitUntil('the first sync', async () => {
      const again = run(dir, ['accounts', 'list']);
      await again.exit;
      return /connected/.test(again.stdout());
    }, 30_000);

    // Signing in again to the same account renews it, and says so.
    const again = await addGoogle('gmail', dir, user.email);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Signed in to .* again/);

    const removed = run(dir, ['accounts', 'remove', account!.id.slice(0, 8)]);
    expect(await removed.exit).toBe(0);
    expect(removed.stdout()).toBe(`Removed ${user.email}.\n`);
  }, 120_000);

  it('works without a running host too, and says plainly what a missing client ID needs', async () => {
    const dir = dataDir();
    const missing = run(dir, ['accounts', 'add', 'gmail']);
    expect(await missing.exit).toBe(2);
    expect(missing.stdout()).toBe('');
    expect(missing.stderr()).toMatch(/^steward: Steward needs a Google OAuth client ID .*"Desktop app".*--client-id and --client-secret.*STEWARD_GOOGLE_CLIENT_ID/s);

    const user = await createGmailUser();
    const added = await addGoogle('gmail', dir, user.email, ['--no-browser']);
    expect(added.stderr).toMatch(/No browser was opened: you asked not to \(--no-browser\)\./);
    expect(added.code).toBe(0);
    const listed = run(dir, ['accounts', 'list']);
    expect(await listed.exit).toBe(0);
    expect(listed.stdout()).toMatch(new RegExp(`${user.email.replace(/[.]/g, '\\.')}\\s+Gmail all mail but Spam and Trash`));
  }, 120_000);

  it('adds a Google Calendar account with the same sign-in: `steward accounts add gcal`', async () => {
    const dir = dataDir();
    const user = await createGmailUser();
    const added = await addGoogle('gcal', dir, user.email, ['--no-browser']);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(new RegExp(`Added ${user.email.replace(/[.]/g, '\\.')} \\([0-9a-f]{8}\\)\\. Steward is watching its calendars\\.`));
    const listed = run(dir, ['accounts', 'list']);
    expect(await listed.exit).toBe(0);
    expect(listed.stdout()).toMatch(new RegExp(`${user.email.replace(/[.]/g, '\\.')}\\s+Google Calendar every calendar in your calendar list`));
  }, 120_000);

  it('says in words when the user does not allow access, and adds nothing', async () => {
    const dir = dataDir();
    const command = run(dir, ['accounts', 'add', 'gmail', '--client-id', testClientId()]);
    cleanups.push(() => command.kill());
    const url = await waitUntil('the sign-in address', () => /^Open this address to sign in: (\S+)$/m.exec(command.stdout())?.[1], 30_000);
    const { denyConsent } = await import('../servers/google-consent.js');
    await denyConsent(url);
    expect(await command.exit).toBe(1);
    expect(command.stderr()).toMatch(/steward: You did not allow Steward access to your Google account, so nothing was connected\./);
    const listed = run(dir, ['accounts', 'list']);
    await listed.exit;
    expect(listed.stdout()).toMatch(/^No accounts yet/);
  }, 60_000);
});
