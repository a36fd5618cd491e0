/**
 * "Sign in with Google" in Settings, as a user does it in the browser UI of a real `steward host`
 * against the Google emulator (with the AgentDojo inbox in the mailbox): choose Gmail, give the
 * address and the OAuth client, press Sign in with Google → Google's page opens in a new tab →
 * choose the account there → the tab lands on Steward's "Signed in" page → Settings shows the
 * account connected, and the popover proposes on its mail.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { loadWorkspace } from '../test/datasets/agentdojo.js';
import { loadWorkspaceCalendar, peerCalendar } from '../test/servers/gcal-peer.js';
import { loadWorkspaceInbox, peerGmail } from '../test/servers/gmail-peer.js';
import { expect, test } from './fixtures.js';

async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, animations: 'disabled' });
  if (process.env.STEWARD_SCREENSHOTS === '1') {
    mkdirSync('e2e/screenshots', { recursive: true });
    await page.screenshot({ path: `e2e/screenshots/${name}.png`, animations: 'disabled' });
  }
}

test('sign in with Google in Settings: Google’s page opens, the account is added and watched', async ({ page, context, steward, gmailUser }) => {
  await loadWorkspaceInbox(peerGmail(gmailUser), gmailUser, loadWorkspace());
  await page.setViewportSize({ width: 900, height: 640 });
  await page.goto(steward.url.replace('/#', '/settings.html?page=accounts#'));
  await expect(page.getByRole('heading', { name: 'Accounts' })).toBeVisible();

  await page.getByRole('radiogroup', { name: 'Kind of account' }).getByRole('radio', { name: 'Gmail' }).click();
  const form = page.getByRole('form', { name: 'Sign in with Google' });
  await form.getByLabel('Google address').fill(gmailUser.email);
  await form.getByLabel('Display name').fill('Emma Johnson');
  await form.getByLabel('OAuth client ID').fill('steward-e2e.apps.googleusercontent.com');

  const [google] = await Promise.all([context.waitForEvent('page'), form.getByRole('button', { name: 'Sign in with Google' }).click()]);
  // Settings waits, and says where the user is expected.
  await expect(page.getByText('Waiting for you to sign in to Google in the new tab.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open Google’s sign-in page' })).toHaveAttribute('href', /\/o\/oauth2\/v2\/auth\?/);
  await snap(page, 'settings-gmail-waiting');

  // Google's page: the request Steward made, and the account to choose.
  await google.waitForURL(/\/o\/oauth2\/v2\/auth\?/);
  const request = new URL(google.url());
  expect(request.searchParams.get('code_challenge_method')).toBe('S256');
  expect(request.searchParams.get('login_hint')).toBe(gmailUser.email);
  await google.locator('form.user-form', { hasText: gmailUser.email }).getByRole('button').click();
  await expect(google.getByRole('heading', { name: 'Signed in' })).toBeVisible();
  await expect(google.getByText('You can close this tab and go back to Steward.')).toBeVisible();
  await google.close();

  await expect(page.getByText(`Added ${gmailUser.email}.`)).toBeVisible();
  const card = page.getByRole('listitem').filter({ hasText: gmailUser.email });
  await expect(card.getByText('Signed in with Google · all mail but Spam and Trash')).toBeVisible();
  await expect(card.getByText('Connected')).toBeVisible({ timeout: 30_000 });
  await expect(card.getByRole('button', { name: `Sign in to ${gmailUser.email} again` })).toBeVisible();
  await snap(page, 'settings-gmail-signed-in');

  // The inbox's newsletters, proposed in the popover.
  const popover = await context.newPage();
  await popover.setViewportSize({ width: 440, height: 720 });
  await popover.goto(steward.url);
  await expect(popover.getByRole('article', { name: 'Archive 3 newsletters' })).toBeVisible({ timeout: 30_000 });
  await expect(popover.getByRole('article', { name: 'Archive 3 newsletters' }).getByText('Archive 3 messages (out of the Inbox, kept in All Mail)')).toBeVisible();
});

test('a refused sign-in says why in Settings, and adds nothing', async ({ page, context, steward }) => {
  await page.setViewportSize({ width: 900, height: 640 });
  await page.goto(steward.url.replace('/#', '/settings.html?page=accounts#'));
  await page.getByRole('radiogroup', { name: 'Kind of account' }).getByRole('radio', { name: 'Gmail' }).click();
  const form = page.getByRole('form', { name: 'Sign in with Google' });
  await form.getByLabel('OAuth client ID').fill('steward-e2e.apps.googleusercontent.com');
  const [google] = await Promise.all([context.waitForEvent('page'), form.getByRole('button', { name: 'Sign in with Google' }).click()]);
  await google.waitForURL(/\/o\/oauth2\/v2\/auth\?/);
  // The user pressed Cancel on Google's page: Google sends the browser back with access_denied.
  const request = new URL(google.url()).searchParams;
  const back = new URL(request.get('redirect_uri') ?? '');
  back.searchParams.set('error', 'access_denied');
  back.searchParams.set('state', request.get('state') ?? '');
  await google.goto(back.toString());
  await expect(google.getByRole('heading', { name: 'Sign-in not completed' })).toBeVisible();
  await expect(page.getByText(/The account was not added\. You did not allow Steward access to your Google account/)).toBeVisible();
  await snap(page, 'settings-gmail-refused');
  await expect(page.locator('.account-list')).toHaveCount(0);
});

test('Google Calendar in Settings: the same Sign in with Google, and the calendar is watched', async ({ page, context, steward, gmailUser }) => {
  await loadWorkspaceCalendar(peerCalendar(gmailUser), loadWorkspace(), 'America/New_York');
  await page.setViewportSize({ width: 900, height: 640 });
  await page.goto(steward.url.replace('/#', '/settings.html?page=accounts#'));
  await page.getByRole('radiogroup', { name: 'Kind of account' }).getByRole('radio', { name: 'Google Calendar' }).click();
  const form = page.getByRole('form', { name: 'Sign in with Google' });
  await expect(form.getByText('Your name, as Steward shows it.')).toBeVisible();
  await form.getByLabel('Google address').fill(gmailUser.email);
  await form.getByLabel('OAuth client ID').fill('steward-e2e.apps.googleusercontent.com');
  await snap(page, 'settings-gcal-form');
  const [google] = await Promise.all([context.waitForEvent('page'), form.getByRole('button', { name: 'Sign in with Google' }).click()]);
  await google.waitForURL(/\/o\/oauth2\/v2\/auth\?/);
  await google.locator('form.user-form', { hasText: gmailUser.email }).getByRole('button').click();
  await expect(google.getByRole('heading', { name: 'Signed in' })).toBeVisible();
  await google.close();

  const card = page.getByRole('listitem').filter({ hasText: gmailUser.email });
  await expect(card.getByText('Signed in with Google · every calendar in your calendar list')).toBeVisible();
  await expect(card.getByText('Connected')).toBeVisible({ timeout: 30_000 });
  await snap(page, 'settings-gcal-signed-in');
});
