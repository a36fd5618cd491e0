/**
 * A plan approved while Steward is paused waits, and the popover says so: "Waiting: Steward is
 * paused. Runs when you resume" with Don't run, on the card and in Activity (not the outbox's
 * "Waiting to be sent"). Against a real `steward host` and Dovecot: the user's Allow approves the
 * newsletter's archive while paused, and Don't run cancels it for good.
 */
import type { Page } from '@playwright/test';
import type { Suggestion } from '../shared/domain/types.js';
import { appendMail, buildMail, listMessages } from '../test/servers/imap-peer.js';
import { expectAccessible } from './axe.js';
import { DEFAULT_SHELL_STATE, installFakeShell } from './desktop-shell.js';
import { callApi as api, connectImapAccount, expect, test } from './fixtures.js';

async function snap(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, page.viewportSize()?.height ?? 0);
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, animations: 'disabled' });
}

test('a plan approved while paused waits with Don’t run, and never runs once cancelled', async ({ page, steward, mailUser }) => {
  await api(steward, 'setConfig', { key: 'interruptions.quietHours', value: null });
  await api(steward, 'setGrant', { app: 'imap', capability: 'email.archive', mode: 'allow' });
  await connectImapAccount(steward, mailUser);
  await api(steward, 'pause', { reason: 'lunch' });
  await appendMail(
    mailUser.server,
    mailUser,
    'INBOX',
    await buildMail({
      from: '"The Weekly" <news@weekly.example>',
      to: mailUser.email,
      subject: 'This week in tools',
      text: 'Ten tools you should try.',
      headers: { 'List-Unsubscribe': '<https://weekly.example/unsubscribe>', Precedence: 'bulk' },
    }),
  );
  await expect
    .poll(async () => (await api<Suggestion[]>(steward, 'listSuggestions', { include: 'open' }))[0]?.actions[0]?.status, { timeout: 30_000 })
    .toBe('held');

  await page.setViewportSize({ width: 400, height: 600 });
  await installFakeShell(page, { platform: 'linux', state: DEFAULT_SHELL_STATE });
  await page.goto(steward.url);
  const card = page.getByRole('article', { name: 'Archive 1 newsletter' });
  await expect(card.getByTestId('pause-wait')).toHaveText('Waiting: Steward is paused. Runs when you resume');
  await expect(card.getByText('Waiting to be sent')).toHaveCount(0);
  await expect(card.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await snap(page, 'popover-held-card');
  await expectAccessible(page, 'popover-held-card');

  await page.getByRole('tab', { name: /^Activity/ }).click();
  const row = page.getByRole('tabpanel').getByRole('listitem').filter({ hasText: 'Move 1 message from INBOX to Archive' });
  await expect(row).toContainText('Waiting: Steward is paused. Runs when you resume');
  await expect(row.getByRole('button', { name: 'Don’t run: Move 1 message from INBOX to Archive' })).toBeVisible();
  await snap(page, 'popover-held-activity');

  await page.getByRole('tab', { name: /^For you/ }).click();
  await card.getByRole('button', { name: 'Don’t run' }).click();
  await expect(page.getByText('Cancelled: Move 1 message from INBOX to Archive. It never ran.')).toBeAttached();
  await api(steward, 'resume', null);
  const [suggestion] = await api<Suggestion[]>(steward, 'listSuggestions', { include: 'all' });
  expect(suggestion?.actions[0]).toMatchObject({ status: 'cancelled', error: 'Cancelled while Steward was paused: it never ran.' });
  await page.waitForTimeout(500);
  expect(await listMessages(mailUser.server, mailUser, 'INBOX')).toHaveLength(1);
  await snap(page, 'popover-held-cancelled');

  // The full ledger says it in words: held, then cancelled.
  await page.setViewportSize({ width: 1100, height: 700 });
  await page.goto(steward.url.replace('/#', '/settings.html?page=ledger#'));
  await expect(page.getByText('Move 1 message from INBOX to Archive: waits while Steward is paused. It runs when you resume; until then you can cancel it (Don’t run, or steward undo).')).toBeVisible();
  await expect(page.getByText('Move 1 message from INBOX to Archive: Cancelled while Steward was paused: it never ran.')).toBeVisible();
  await expect(page.locator('tbody').getByText('Waiting: paused')).toBeVisible();
  await snap(page, 'settings-ledger-held');
});
