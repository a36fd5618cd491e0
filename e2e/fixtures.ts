/**
 * Fixtures for browser flows: a fresh mailbox on the run's Dovecot or its Google emulator, and a real `steward host`
 * (the built binary, on its own data folder) with the address it printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';
import { addDovecotUser } from '../test/servers/dovecot.js';
import { addGmailUser, type GmailTestUser } from '../test/servers/gmail-peer.js';
import { addRadicaleUser } from '../test/servers/radicale.js';
import type { E2eServers } from './global-setup.js';
import { SERVERS_ENV } from './global-setup.js';

export interface MailUser {
  readonly email: string;
  readonly user: string;
  readonly password: string;
  readonly server: { readonly host: string; readonly port: number };
}

export interface StewardHost {
  /** The address `steward host` printed, token included. */
  readonly url: string;
  readonly dataDir: string;
}

export function servers(): E2eServers {
  const raw = process.env[SERVERS_ENV];
  if (!raw) throw new Error('The e2e servers are not running: run through `npx playwright test` so e2e/global-setup.ts starts them.');
  return JSON.parse(raw) as E2eServers;
}

const bin = fileURLToPath(new URL('../bin/steward.js', import.meta.url));

/** A fresh user on the run's Radicale (the login name is the address). */
export interface CalendarUser {
  readonly url: string;
  readonly user: string;
  readonly password: string;
}

export const test = base.extend<{ mailUser: MailUser; gmailUser: GmailTestUser; calendarUser: CalendarUser; steward: StewardHost }>({
  calendarUser: async ({}, use) => {
    const { radicale } = servers();
    const user = `e2e-${randomBytes(5).toString('hex')}@example.test`;
    const password = randomBytes(10).toString('hex');
    await addRadicaleUser(radicale.dir, user, password);
    await use({ url: radicale.url, user, password });
  },

  gmailUser: async ({}, use) => {
    await use(await addGmailUser(servers().google.origin, { name: 'Emma Johnson' }));
  },

  mailUser: async ({}, use) => {
    const { dovecot } = servers();
    const email = `e2e-${randomBytes(5).toString('hex')}@example.test`;
    const password = randomBytes(10).toString('hex');
    await addDovecotUser(dovecot.dir, email, password);
    await use({ email, user: email, password, server: { host: dovecot.host, port: dovecot.port } });
  },

  steward: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'steward-e2e-'));
    const child: ChildProcess = spawn(process.execPath, [bin, '--data-dir', dataDir, 'host'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /Steward is running at (\S+)/.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`steward host exited with ${code}: ${stderr}`)));
    });
    await use({ url, dataDir });
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    rmSync(dataDir, { recursive: true, force: true });
  },
});

/** Calls the host's API as the browser does (with its token): GET without input, POST with. */
export async function callApi<T>(steward: StewardHost, method: string, input?: unknown): Promise<T> {
  const url = new URL(steward.url);
  const token = url.hash.replace('#token=', '');
  const response = await fetch(`${url.origin}/api/${method}`, {
    method: input === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}` },
    ...(input === undefined ? {} : { body: JSON.stringify(input) }),
  });
  const body = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method}: ${JSON.stringify(body)}`);
  return body;
}

/** Connects the user's Dovecot mailbox to the host, as Settings → Accounts would. */
export async function connectImapAccount(steward: StewardHost, user: MailUser): Promise<void> {
  await callApi(steward, 'addAccount', {
    kind: 'imap',
    email: user.email,
    displayName: 'Alice Martin',
    host: user.server.host,
    port: user.server.port,
    tls: false,
    username: user.user,
    password: user.password,
  });
}

export { expect } from '@playwright/test';
