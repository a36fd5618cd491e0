/**
 * The foundation's whole path, as a user walks it in the browser UI of a real `steward host`:
 * add the account in Settings → a newsletter and a question arrive (appended by another IMAP
 * client) → both suggestions appear without a reload → approve the archive → the message is in
 * Archive (checked with a separate IMAP client) → undo → it is back in INBOX → the ledger verifies.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { changeDovecotPassword } from '../test/servers/dovecot.js';
import { appendMail, buildMail, listMessages } from '../test/servers/imap-peer.js';
import { expect, servers, test, type MailUser } from './fixtures.js';

/** Screenshots for people to look at; with STEWARD_SCREENSHOTS=1 they also refresh the README's. */
async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, animations: 'disabled' });
  if (process.env.STEWARD_SCREENSHOTS === '1') {
    mkdirSync('e2e/screenshots', { recursive: true });
    await page.screenshot({ path: `e2e/screenshots/${name}.png`, animations: 'disabled' });
  }
}

async function deliver(user: MailUser, spec: { from: string; subject: string; text: string; headers?: Record<string, string> }): Promise<void> {
  await appendMail(user.server, user, 'INBOX', await buildMail({ ...spec, to: user.email }));
}

const subjectsIn = async (user: MailUser, mailbox: string) => (await listMessages(user.server, user, mailbox)).map((m) => m.subject);

test('add an account, see suggestions arrive, approve, undo, verify the ledger', async ({ page, context, steward, mailUser }) => {
  await page.setViewportSize({ width: 440, height: 720 });
  await page.goto(steward.url);
  await expect(page.getByRole('heading', { name: 'Steward', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Welcome to Steward' })).toBeVisible();
  await snap(page, 'popover-first-run');

  // Settings opens in its own tab, on Accounts, carrying the token.
  const [settings] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Connect an account' }).click()]);
  await settings.setViewportSize({ width: 900, height: 640 });
  await expect(settings.getByRole('heading', { name: 'Accounts' })).toBeVisible();
  const addButton = settings.getByRole('button', { name: 'Add IMAP account' });
  if (await addButton.isVisible()) await addButton.click();
  const form = settings.getByRole('form', { name: 'Add an IMAP account' });
  await form.getByLabel('Email address').fill(mailUser.email);
  await form.getByLabel('Display name').fill('Alice Martin');
  await form.getByLabel('IMAP server').fill(mailUser.server.host);
  const tls = form.getByRole('switch', { name: 'TLS' });
  if ((await tls.getAttribute('aria-checked')) === 'true') await tls.click();
  await form.getByLabel('Port').fill(String(mailUser.server.port));
  await form.getByLabel('User name').fill(mailUser.user);
  await form.getByLabel('Password').fill('not-the-password');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(settings.getByText(/IMAP login failed for/)).toBeVisible();

  await form.getByLabel('Password').fill(mailUser.password);
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(settings.getByText(/Logged in as/)).toBeVisible();
  await snap(settings, 'settings-add-account');
  await form.getByRole('button', { name: 'Add account' }).click();
  await expect(settings.getByText(mailUser.email).first()).toBeVisible();
  await expect(settings.getByText('Connected').first()).toBeVisible();

  // Mail arrives while the popover is open: both suggestions appear without a reload.
  await expect(page.getByText('You’re all caught up')).toBeVisible();
  await deliver(mailUser, {
    from: '"The Weekly" <news@weekly.example>',
    subject: 'This week in tools',
    text: 'Ten tools you should try.',
    headers: { 'List-Unsubscribe': '<https://weekly.example/unsubscribe>', Precedence: 'bulk' },
  });
  await deliver(mailUser, {
    from: '"Bob Chen" <bob@partner.example>',
    subject: 'Q3 contract',
    text: 'Hi Alice,\n\nCan you send me the signed contract by Friday?\n\nThanks,\nBob',
  });
  const archiveCard = page.getByRole('article', { name: 'Archive 1 newsletter' });
  const replyCard = page.getByRole('article', { name: 'Reply to Bob Chen about Q3 contract' });
  await expect(archiveCard).toBeVisible();
  await expect(replyCard).toBeVisible();
  await expect(replyCard.getByText('Can you send me the signed contract by Friday?').first()).toBeVisible();
  await expect(archiveCard.getByText('This week in tools')).toBeVisible();
  await snap(page, 'popover-suggestions');
  expect(await subjectsIn(mailUser, 'INBOX')).toHaveLength(2);

  await archiveCard.getByRole('button', { name: 'Approve' }).click();
  await expect.poll(() => subjectsIn(mailUser, 'Archive')).toEqual(['This week in tools']);
  expect(await subjectsIn(mailUser, 'INBOX')).toEqual(['Q3 contract']);
  await expect(page.getByText(/Moved 1 message from INBOX to Archive/).first()).toBeVisible();

  await page.getByRole('tab', { name: /Activity/ }).click();
  await snap(page, 'popover-activity');
  await page.getByRole('button', { name: /^Undo: / }).first().click();
  await expect.poll(async () => (await subjectsIn(mailUser, 'INBOX')).sort()).toEqual(['Q3 contract', 'This week in tools']);
  expect(await subjectsIn(mailUser, 'Archive')).toEqual([]);
  await expect(page.getByText(/Undone/).first()).toBeVisible();

  await settings.getByRole('link', { name: 'Ledger' }).or(settings.getByRole('button', { name: 'Ledger' })).first().click();
  await expect(settings.getByText(/Chain verified: \d+ entries intact/)).toBeVisible();
  await expect(settings.getByText(/Approved "Archive 1 newsletter"/).first()).toBeVisible();
  await snap(settings, 'settings-ledger');
  await settings.getByRole('link', { name: 'Permissions' }).or(settings.getByRole('button', { name: 'Permissions' })).first().click();
  await expect(settings.getByRole('heading', { name: 'Permissions' })).toBeVisible();
  await snap(settings, 'settings-permissions');
});

test('keyboard only: arrows move between suggestions, Backspace dismisses, Enter approves', async ({ page, steward, mailUser }) => {
  const token = new URL(steward.url).hash.replace('#token=', '');
  const added = await fetch(new URL('api/addAccount', steward.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify({ kind: 'imap', email: mailUser.email, host: mailUser.server.host, port: mailUser.server.port, tls: false, username: mailUser.user, password: mailUser.password }),
  });
  expect(added.status, await added.clone().text()).toBe(200);
  await page.goto(steward.url);
  await deliver(mailUser, { from: '"Bob Chen" <bob@partner.example>', subject: 'Contract', text: 'Can you sign the contract today?' });
  await deliver(mailUser, { from: '"Carol Diaz" <carol@partner.example>', subject: 'Offsite', text: 'Are you free on Thursday for the offsite?' });
  const cards = page.getByRole('article');
  await expect(cards).toHaveCount(2);

  await cards.first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(cards.nth(1)).toBeFocused();
  const second = (await cards.nth(1).getAttribute('aria-label')) ?? (await cards.nth(1).locator('h2, h3').first().innerText());
  await page.keyboard.press('Backspace');
  await expect(page.getByRole('article', { name: second })).toHaveCount(0);

  await expect(cards.first()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(() => subjectsIn(mailUser, 'Drafts')).toHaveLength(1);
  await expect(page.getByText(/Saved a draft to/).first()).toBeVisible();
});

test('change an account’s password in Settings: a wrong one is refused, a right one is kept', async ({ page, steward, mailUser }) => {
  const token = new URL(steward.url).hash.replace('#token=', '');
  const added = await fetch(new URL('api/addAccount', steward.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify({ kind: 'imap', email: mailUser.email, host: mailUser.server.host, port: mailUser.server.port, tls: false, username: mailUser.user, password: mailUser.password }),
  });
  expect(added.status, await added.clone().text()).toBe(200);
  await page.setViewportSize({ width: 900, height: 640 });
  await page.goto(steward.url.replace('/#', '/settings.html?page=accounts#'));
  await page.getByRole('button', { name: `Change the password of ${mailUser.email}` }).click();
  const form = page.getByRole('form', { name: `Change the password of ${mailUser.email}` });
  await form.getByLabel('New password').fill('typo');
  await form.getByRole('button', { name: 'Save password' }).click();
  await expect(form.getByText(/IMAP login failed/)).toBeVisible();
  await snap(page, 'settings-change-password');
  // The password really changed at the provider: the old one is refused now, the new one kept.
  const newPassword = 'd'.repeat(mailUser.password.length);
  await changeDovecotPassword(servers().dovecot.dir, mailUser.email, mailUser.password, newPassword);
  await form.getByLabel('New password').fill(mailUser.password);
  await form.getByRole('button', { name: 'Save password' }).click();
  await expect(form.getByText(/IMAP login failed/)).toBeVisible();
  await form.getByLabel('New password').fill(newPassword);
  await form.getByRole('button', { name: 'Save password' }).click();
  await expect(form).toHaveCount(0);
  await expect(page.getByRole('button', { name: `Change the password of ${mailUser.email}` })).toBeFocused();
});

test('choose the folders of an account in Settings: the server’s marks shown, Junk chosen where it marks none', async ({ page, steward, mailUser }) => {
  const token = new URL(steward.url).hash.replace('#token=', '');
  await appendMail(mailUser.server, mailUser, 'INBOX', await buildMail({ from: 'bob@partner.example', to: mailUser.email, subject: 'Hello', text: 'Hi.' }));
  const added = await fetch(new URL('api/addAccount', steward.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify({ kind: 'imap', email: mailUser.email, host: mailUser.server.host, port: mailUser.server.port, tls: false, username: mailUser.user, password: mailUser.password }),
  });
  expect(added.status, await added.clone().text()).toBe(200);
  await page.setViewportSize({ width: 900, height: 900 });
  await page.goto(steward.url.replace('/#', '/settings.html?page=accounts#'));
  await page.getByRole('button', { name: `Choose the folders of ${mailUser.email}` }).click();
  const form = page.getByRole('form', { name: `Folders of ${mailUser.email}` });
  await expect(form.getByText('The server marks Sent as Sent.')).toBeVisible();
  await form.getByLabel('Junk').selectOption('Archive');
  await form.getByLabel('History to read (days)').fill('-1');
  await form.getByRole('button', { name: 'Save folders' }).click();
  await expect(form.getByText('Enter a whole number of days, or 0 for the whole history.')).toBeVisible();
  await form.getByLabel('History to read (days)').fill('365');
  await snap(page, 'settings-account-folders');
  await form.getByRole('button', { name: 'Save folders' }).click();
  await expect(form).toHaveCount(0);
  await expect(page.getByRole('button', { name: `Choose the folders of ${mailUser.email}` })).toBeFocused();
  const accounts = (await (await fetch(new URL('api/accounts', steward.url), { headers: { authorization: `Bearer ${token}` } })).json()) as { settings: unknown }[];
  expect(accounts[0]?.settings).toMatchObject({ folders: { junk: 'Archive' }, historyDays: 365 });
});

test('the pause switch stops Steward from anywhere and cannot be missed', async ({ page, steward }) => {
  await page.goto(steward.url);
  const pause = page.getByRole('switch', { name: 'Pause' });
  await pause.click();
  await expect(page.getByText('Paused: Steward will not act')).toBeVisible();
  await snap(page, 'popover-paused');

  // The same state through the API (as the CLI and other windows see it).
  const token = new URL(steward.url).hash.replace('#token=', '');
  const status = (await (await fetch(new URL('api/status', steward.url), { headers: { authorization: `Bearer ${token}` } })).json()) as { paused: boolean; pausedBy: string };
  expect(status).toMatchObject({ paused: true, pausedBy: 'user:web' });

  await page.getByRole('switch', { name: 'Paused' }).click();
  await expect(page.getByText('Paused: Steward will not act')).toHaveCount(0);
});

test('without the token the UI says where to get it, and the API refuses', async ({ page, steward }) => {
  const bare = steward.url.replace(/#.*$/, '');
  await page.goto(bare);
  await expect(page.getByText(/Open the URL printed by/)).toBeVisible();
  expect((await fetch(new URL('api/status', bare))).status).toBe(401);
});
