/**
 * "Always do this" and Settings → Rules against a real `steward host` and Dovecot: the empty
 * state explains, Always do this on a card makes a rule, the next newsletter from that sender is
 * archived without a card, and the rule is paused, renamed and deleted with the keyboard alone.
 * Allowing a destructive capability in Permissions asks a second time, with where and what.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { Rule } from '../shared/domain/permissions.js';
import type { Suggestion } from '../shared/domain/types.js';
import { appendMail, buildMail } from '../test/servers/imap-peer.js';
import { expectAccessible } from './axe.js';
import { callApi, connectImapAccount, expect, test, type MailUser } from './fixtures.js';

async function snap(page: Page, name: string): Promise<void> {
  mkdirSync('e2e/screenshots', { recursive: true });
  await page.mouse.move(0, page.viewportSize()?.height ?? 0);
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, animations: 'disabled' });
}

async function weekly(user: MailUser, issue: number): Promise<void> {
  const mail = await buildMail({
    from: '"The Weekly" <news@weekly.example>',
    to: user.email,
    subject: `This week in tools, issue ${issue}`,
    text: 'Ten tools you should try.',
    headers: { 'List-Unsubscribe': '<https://weekly.example/unsubscribe>', Precedence: 'bulk' },
  });
  await appendMail(user.server, user, 'INBOX', mail);
}

test('Always do this makes a rule that archives the next issue unasked; the Rules page pauses, renames and deletes it by keyboard', async ({ page, steward, mailUser }) => {
  await page.setViewportSize({ width: 900, height: 640 });
  const settingsUrl = (page: string) => steward.url.replace('/#', `/settings.html?page=${page}#`);

  // No rules yet: the page says what a rule is and how to make one.
  await page.goto(settingsUrl('rules'));
  await expect(page.getByRole('heading', { name: 'Rules', level: 1 })).toBeVisible();
  await expect(page.getByText('No rules yet.')).toBeVisible();
  await expect(page.getByText(/choose Always do this/)).toBeVisible();
  await expectAccessible(page, 'settings-rules-empty');
  await snap(page, 'settings-rules-empty');

  await connectImapAccount(steward, mailUser);
  await weekly(mailUser, 1);

  // The card: Always do this approves it and makes the rule.
  await page.setViewportSize({ width: 400, height: 600 });
  await page.goto(steward.url);
  const card = page.getByRole('article', { name: 'Archive 1 newsletter' });
  await expect(card).toBeVisible();
  await expect(card.getByRole('button', { name: 'Always do this' })).toBeVisible();
  await snap(page, 'popover-always-do-this');
  await card.getByRole('button', { name: 'Always do this' }).click();
  await expect(page.getByText(/Moved 1 message from INBOX to Archive/).first()).toBeVisible();
  await expect.poll(async () => (await callApi<Rule[]>(steward, 'listRules')).length).toBe(1);

  // The next issue from that sender runs under the rule: no card, done, and the ledger names the rule.
  await weekly(mailUser, 2);
  await expect
    .poll(async () => (await callApi<Suggestion[]>(steward, 'listSuggestions', { include: 'all' })).filter((s) => s.status === 'done').length, { timeout: 20_000 })
    .toBe(2);
  // Only the first card, settled, is on screen: the second never asked.
  await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await expect(page.getByText(/nothing waiting/)).toBeVisible();

  // Settings → Rules: the rule, what it matches, and that it ran once.
  await page.setViewportSize({ width: 900, height: 640 });
  await page.goto(settingsUrl('rules'));
  const row = page.getByRole('listitem', { name: 'Archive messages from news@weekly.example' });
  await expect(row).toBeVisible();
  await expect(row.getByText(/when the newsletter detector proposes it, for mail from news@weekly\.example, in INBOX/)).toBeVisible();
  await expect(row.getByText(/Ran once/)).toBeVisible();
  await expectAccessible(page, 'settings-rules');
  await snap(page, 'settings-rules');

  // Keyboard only: pause with the switch, then rename through Edit.
  const toggle = row.getByRole('switch', { name: /active/ });
  await toggle.focus();
  await page.keyboard.press('Space');
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await expect(row.getByText('Paused', { exact: true })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(row.getByRole('button', { name: /^Edit: / })).toBeFocused();
  await page.keyboard.press('Enter');
  const editor = page.getByRole('form', { name: /Edit the rule/ });
  await expect(editor.getByLabel('Name')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('The Weekly goes to Archive');
  await page.keyboard.press('Enter');
  const renamed = page.getByRole('listitem', { name: 'The Weekly goes to Archive' });
  await expect(renamed).toBeVisible();
  await snap(page, 'settings-rules-paused');
  const [stored] = await callApi<Rule[]>(steward, 'listRules');
  expect(stored).toMatchObject({ name: 'The Weekly goes to Archive', paused: true, uses: 1 });

  await renamed.getByRole('button', { name: /^Delete: / }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('No rules yet.')).toBeVisible();

  // Every change is in the ledger, in words.
  const ledger = await callApi<{ kind: string; summary: string }[]>(steward, 'listLedger', { limit: 50 });
  expect(ledger.filter((e) => e.kind.startsWith('rule.')).map((e) => e.summary)).toEqual([
    expect.stringMatching(/^You deleted the rule “The Weekly goes to Archive”/),
    expect.stringMatching(/^You changed the rule “The Weekly goes to Archive”/),
    'You paused the rule “Archive messages from news@weekly.example”: plans it matched ask again.',
    expect.stringMatching(/^You made a rule: Archive messages in /),
  ]);
  expect(ledger.find((e) => e.kind === 'action.executed' && e.summary.includes('under your rule'))?.summary).toMatch(/under your rule “Archive messages from news@weekly\.example”/);
});

test('allowing Move to Trash asks a second time, with where and what; one account gets a permission of its own', async ({ page, steward, mailUser }) => {
  await connectImapAccount(steward, mailUser);
  await page.setViewportSize({ width: 900, height: 640 });
  await page.goto(steward.url.replace('/#', '/settings.html?page=permissions#'));
  const matrix = page.getByRole('region', { name: 'Mail (IMAP)' });
  const trash = matrix.getByRole('radiogroup', { name: 'Move to Trash: permission' });
  await trash.getByRole('radio', { name: 'Allow' }).click();

  const dialog = page.getByRole('dialog', { name: 'Allow “Move to Trash” without asking?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Only in these folders')).toBeFocused();
  await expectAccessible(page, 'settings-permissions-confirm');
  await snap(page, 'settings-permissions-confirm');

  // Escape keeps asking: nothing changed.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(trash.getByRole('radio', { name: 'Ask' })).toHaveAttribute('aria-checked', 'true');

  await trash.getByRole('radio', { name: 'Allow' }).click();
  await dialog.getByRole('button', { name: 'Allow without asking' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(matrix.getByText('Move to Trash in every Mail (IMAP) account without asking, only for what the newsletter detector flagged, only in INBOX')).toBeVisible();
  await expect(trash.getByRole('radio', { name: 'Allow' })).toHaveAttribute('aria-checked', 'true');

  // One account, only the inbox and the newsletter detector, until a date: added, listed in words, removed.
  const form = page.getByRole('form', { name: 'Add a permission for one account' });
  await form.getByLabel('Capability').selectOption({ label: 'Archive messages' });
  await form.getByLabel('Steward may').selectOption('allow');
  await form.getByLabel(/Only in these folders/).fill('INBOX');
  await form.getByLabel(/Only what this detector flagged/).selectOption('newsletters');
  await form.getByLabel(/Until/).fill('2099-12-09');
  await form.getByRole('button', { name: 'Add permission' }).click();
  const own = page.getByRole('list', { name: 'Permissions for one account' });
  const words = `Archive messages in ${mailUser.email} without asking, only for what the newsletter detector flagged, only in INBOX, until 9 Dec 2099`;
  await expect(own.getByText(words)).toBeVisible();

  // Move to Trash for the account without the second confirmation: refused in words, nothing stored.
  await form.getByLabel('Capability').selectOption({ label: 'Move to Trash' });
  await form.getByLabel(/Only in these folders/).fill('INBOX');
  await form.getByRole('button', { name: 'Add permission' }).click();
  await expect(form.getByRole('alert')).toContainText('needs a second confirmation');
  await form.getByRole('checkbox', { name: /Move to Trash is hard to take back/ }).check();
  await form.getByRole('button', { name: 'Add permission' }).click();
  await expect(own.getByText(`Move to Trash in ${mailUser.email} without asking, only in INBOX`)).toBeVisible();
  await own.getByRole('button', { name: `Remove: ${words}` }).scrollIntoViewIfNeeded();
  await expectAccessible(page, 'settings-permissions-account');
  await snap(page, 'settings-permissions-account');

  await own.getByRole('button', { name: `Remove: ${words}` }).click();
  await expect(own.getByText(words)).toHaveCount(0);
});
