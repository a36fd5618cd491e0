/**
 * axe-core over every screen Steward shows, in light and dark, against a real `steward host`:
 * Settings (each page, the add-account form, a failed connection test, the password form), the
 * popover as a browser sees it (first run, suggestions, paused) and the screen without a token.
 * The desktop popover's screens (onboarding, tabs, the window without a tray, the engine
 * stopped) are checked in popover.spec.ts the same way.
 */
import type { Page } from '@playwright/test';
import { appendMail, buildMail } from '../test/servers/imap-peer.js';
import { expectAccessible, THEMES, useTheme } from './axe.js';
import { expect, test, type MailUser, type StewardHost } from './fixtures.js';

async function bothThemes(page: Page, screen: string): Promise<void> {
  for (const theme of THEMES) {
    await useTheme(page, theme);
    await expectAccessible(page, `${screen} (${theme})`);
  }
  await useTheme(page, 'light');
}

async function addAccount(steward: StewardHost, user: MailUser): Promise<void> {
  const token = new URL(steward.url).hash.replace('#token=', '');
  const response = await fetch(new URL('api/addAccount', steward.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify({ kind: 'imap', email: user.email, host: user.server.host, port: user.server.port, tls: false, username: user.user, password: user.password }),
  });
  expect(response.status).toBe(200);
}

const settingsUrl = (steward: StewardHost, page: string) => steward.url.replace('/#', `/settings.html?page=${page}#`);

test('Settings: every page, the forms and their errors, in both themes', async ({ page, steward, mailUser }) => {
  await page.setViewportSize({ width: 900, height: 640 });
  await page.goto(settingsUrl(steward, 'accounts'));
  await expect(page.getByRole('heading', { name: 'Accounts' })).toBeVisible();
  await bothThemes(page, 'Settings → Accounts, none yet');

  const addButton = page.getByRole('button', { name: 'Add IMAP account' });
  if (await addButton.isVisible()) await addButton.click();
  const form = page.getByRole('form', { name: 'Add an IMAP account' });
  await form.getByLabel('Email address').fill(mailUser.email);
  await form.getByLabel('IMAP server').fill(mailUser.server.host);
  const tls = form.getByRole('switch', { name: 'TLS' });
  if ((await tls.getAttribute('aria-checked')) === 'true') await tls.click();
  await form.getByLabel('Port').fill(String(mailUser.server.port));
  await form.getByLabel('User name').fill(mailUser.user);
  await form.getByLabel('Password').fill('not-the-password');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText(/IMAP login failed for/)).toBeVisible();
  await bothThemes(page, 'Settings → add account, login refused');

  await addAccount(steward, mailUser);
  await page.reload();
  await expect(page.getByText(mailUser.email).first()).toBeVisible();
  await page.getByRole('button', { name: `Change the password of ${mailUser.email}` }).click();
  await bothThemes(page, 'Settings → Accounts, password form');

  for (const [name, heading] of [
    ['folders', 'Folders'],
    ['permissions', 'Permissions'],
    ['ledger', 'Ledger'],
  ] as const) {
    await page.goto(settingsUrl(steward, name));
    await expect(page.getByRole('heading', { name: heading, level: 1 }).or(page.getByRole('heading', { name: heading })).first()).toBeVisible();
    await bothThemes(page, `Settings → ${heading}`);
  }
});

test('the popover in a browser: first run, suggestions, paused; and the screen without a token', async ({ page, steward, mailUser }) => {
  await page.setViewportSize({ width: 440, height: 720 });
  await page.goto(steward.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Steward' })).toBeVisible();
  await bothThemes(page, 'popover (browser), first run');

  await addAccount(steward, mailUser);
  await appendMail(
    mailUser.server,
    mailUser,
    'INBOX',
    await buildMail({ from: '"Bob Chen" <bob@partner.example>', to: mailUser.email, subject: 'Q3 contract', text: 'Can you send me the signed contract by Friday?' }),
  );
  await expect(page.getByRole('article', { name: /Reply to Bob Chen/ })).toBeVisible({ timeout: 30_000 });
  await bothThemes(page, 'popover (browser), a suggestion');

  await page.getByRole('switch', { name: 'Pause' }).click();
  await expect(page.getByText('Paused: Steward will not act')).toBeVisible();
  await bothThemes(page, 'popover (browser), paused');

  await page.goto(steward.url.replace(/#.*$/, ''));
  await page.evaluate(() => window.sessionStorage.clear());
  await page.reload();
  await expect(page.getByText(/Open the URL printed by/)).toBeVisible();
  await bothThemes(page, 'no token');
});

test('the screens before the engine answers: connecting, in the popover and in Settings', async ({ page, steward }) => {
  // The WebSocket is accepted but never reaches the engine: the page stays on "Connecting…".
  await page.routeWebSocket(/\/api\/ws/, () => undefined);
  await page.setViewportSize({ width: 440, height: 720 });
  await page.goto(steward.url);
  await expect(page.getByText('Connecting to Steward…')).toBeVisible();
  await bothThemes(page, 'popover, connecting');

  await page.setViewportSize({ width: 900, height: 640 });
  await page.goto(settingsUrl(steward, 'accounts'));
  await expect(page.getByText('Connecting to Steward…')).toBeVisible();
  await bothThemes(page, 'Settings, connecting');
});
