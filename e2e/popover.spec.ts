/**
 * The desktop popover in Chromium, driven through a stand-in for the Electron shell (see
 * desktop-shell.ts) against a real `steward host` and Dovecot: the first-run onboarding, the
 * window Steward becomes where there is no tray, the four tabs with real data, a notification
 * click that opens its suggestion, and the engine dying under a pending call. Every screen is
 * checked with axe-core and photographed in light and dark.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { Suggestion } from '../shared/domain/types.js';
import { appendMail, buildMail, withPeer } from '../test/servers/imap-peer.js';
import { expectAccessible, THEMES, useTheme, type Theme } from './axe.js';
import { DEFAULT_SHELL_STATE, installFakeShell, shellCalls } from './desktop-shell.js';
import { callApi as api, connectImapAccount as connectAccount, expect, test, type MailUser } from './fixtures.js';

const POPOVER = { width: 400, height: 600 };
const WINDOW = { width: 420, height: 660 };

/** Screenshots for people to look at; with STEWARD_SCREENSHOTS=1 they also refresh the README's. */
async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, animations: 'disabled' });
  if (process.env.STEWARD_SCREENSHOTS === '1') {
    mkdirSync('e2e/screenshots', { recursive: true });
    await page.screenshot({ path: `e2e/screenshots/${name}.png`, animations: 'disabled' });
  }
}

/** Each theme: checked by axe, then photographed (the mouse out of the way, so no hover shows). */
async function inBothThemes(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, page.viewportSize()?.height ?? 0);
  for (const theme of THEMES) {
    await useTheme(page, theme);
    await expectAccessible(page, `${name} (${theme})`);
    await snap(page, `${name}-${theme satisfies Theme}`);
  }
  await useTheme(page, 'light');
}

async function deliver(user: MailUser, spec: { from: string; subject: string; text: string; headers?: Record<string, string> }): Promise<void> {
  await appendMail(user.server, user, 'INBOX', await buildMail({ ...spec, to: user.email }));
}

test('first run: the onboarding says what to do first, what Steward will never do, and how to pause it', async ({ page, steward }) => {
  await page.setViewportSize(POPOVER);
  await installFakeShell(page, { platform: 'linux', state: DEFAULT_SHELL_STATE });
  await page.goto(steward.url);

  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { name: 'Welcome to Steward' })).toBeVisible();
  await expect(main.getByRole('heading', { name: 'Connect your mail account' })).toBeVisible();
  await expect(main.getByRole('heading', { name: /Add a model key/ })).toContainText('coming soon');
  await expect(main.getByText('Never deletes anything permanently')).toBeVisible();
  await expect(main.getByText('Pause Steward in the tray menu')).toBeVisible();
  await expect(main.locator('kbd')).toHaveText('Ctrl+Alt+Shift+P');
  // No tabs before there is anything to put in them.
  await expect(page.getByRole('tablist')).toHaveCount(0);

  await main.getByRole('button', { name: 'Connect an account' }).click();
  const login = main.getByRole('switch', { name: 'Start Steward when I log in' });
  await expect(login).toHaveAttribute('aria-checked', 'false');
  await login.click();
  await expect(login).toHaveAttribute('aria-checked', 'true');
  expect(await shellCalls(page)).toEqual([
    ['openSettings', 'accounts'],
    ['setLaunchAtLogin', true],
  ]);

  // As it opens: the top of the list.
  await page.locator('.popover__body').evaluate((element) => element.scrollTo(0, 0));
  await inBothThemes(page, 'popover-onboarding');

  // Escape closes a popover, as it closes the system's own menus.
  await page.keyboard.press('Escape');
  expect((await shellCalls(page)).at(-1)).toEqual(['hidePopover']);
});

test('stock GNOME on Wayland: a window that says how to get a tray icon, with Quit and Start at login of its own', async ({ page, steward }) => {
  await page.setViewportSize(WINDOW);
  await installFakeShell(page, {
    platform: 'linux',
    state: {
      ...DEFAULT_SHELL_STATE,
      surface: 'window',
      pauseShortcut: null,
      // As the shell words it (electron/main/desktop-plan.ts, stated in desktop-matrix.test.ts).
      trayAdvice:
        'GNOME shows no tray icons by itself, so Steward is a window. For an icon in the top bar, install the extension “AppIndicator and KStatusNotifierItem Support” (gnome-shell-extension-appindicator) and log in again. Closing this window keeps Steward watching; open Steward from your apps to bring it back.',
    },
  });
  await page.goto(steward.url);

  const advice = page.locator('details.tray-advice');
  await expect(advice).toHaveAttribute('open', '');
  await expect(advice).toContainText('AppIndicator and KStatusNotifierItem Support');
  // Nothing points at a tray menu that is not there, or a shortcut that cannot be confirmed.
  await expect(page.getByText('Pause Steward in the tray menu')).toHaveCount(0);
  await expect(page.locator('kbd')).toHaveCount(0);
  await expect(page.getByText('steward pause')).toBeVisible();

  await inBothThemes(page, 'window-no-tray');

  const footer = page.getByRole('contentinfo');
  await footer.getByRole('switch', { name: 'Start at login' }).click();
  await footer.getByRole('button', { name: 'Quit' }).click();
  // An ordinary window stays when Escape is pressed.
  await page.keyboard.press('Escape');
  expect(await shellCalls(page)).toEqual([
    ['setLaunchAtLogin', true],
    ['quit'],
  ]);

  // Closed once, it stays closed.
  await advice.locator('summary').click();
  await page.reload();
  await expect(page.locator('details.tray-advice')).not.toHaveAttribute('open', '');
});

test('the tabs with real data: For you, Interruptions, Activity and the Ledger; a clicked notification opens its suggestion', async ({
  page,
  steward,
  mailUser,
}) => {
  // Quiet hours would hold everything at night: the decisions below are about urgency.
  await api(steward, 'setConfig', { key: 'interruptions.quietHours', value: null });
  await connectAccount(steward, mailUser);
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
  await deliver(mailUser, {
    from: '"Dana Ruiz" <dana@client.example>',
    subject: 'Workshop dates',
    text: 'Hello Alice,\n\nWould the 14th or the 21st work better for the workshop?\n\nDana',
  });
  await page.setViewportSize(POPOVER);
  await installFakeShell(page, { platform: 'linux', state: DEFAULT_SHELL_STATE });
  await page.goto(steward.url);

  const reply = page.getByRole('article', { name: 'Reply to Bob Chen about Q3 contract' });
  const archive = page.getByRole('article', { name: 'Archive 1 newsletter' });
  await expect(reply).toBeVisible({ timeout: 30_000 });
  await expect(archive).toBeVisible();

  // Activity and the ledger: approve the archive, dismiss Dana's, change a permission, pause and resume.
  await archive.getByRole('button', { name: 'Approve' }).click();
  await expect(archive.getByText(/Moved 1 message/).first()).toBeVisible();
  await page.getByRole('article', { name: /Reply to Dana Ruiz/ }).getByRole('button', { name: 'Dismiss' }).click();
  await api(steward, 'setGrant', { app: 'imap', capability: 'email.archive', mode: 'allow' });
  await api(steward, 'pause', { reason: 'lunch' });
  await api(steward, 'resume', null);
  await page.reload();
  await expect(reply).toBeVisible();

  const tab = (name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) });
  await expect(page.getByRole('tablist')).toContainText('For you');
  await inBothThemes(page, 'popover-for-you');

  await tab('Interruptions').click();
  const raised = page.getByRole('tabpanel');
  await expect(raised).toContainText('Urgent and normal suggestions');
  await expect(raised).toContainText('No quiet hours');
  await expect(raised.getByRole('listitem').filter({ hasText: 'Reply to Bob Chen about Q3 contract' })).toContainText(/^.*Notified/);
  await expect(raised.getByRole('listitem').filter({ hasText: 'Archive 1 newsletter' })).toContainText('Held: low urgency (you are notified from normal up)');
  await inBothThemes(page, 'popover-interruptions');

  await tab('Activity').click();
  await expect(page.getByRole('tabpanel').getByText(/Move 1 message|Moved 1 message/).first()).toBeVisible();
  await inBothThemes(page, 'popover-activity');

  await tab('Ledger').click();
  const ledger = page.getByRole('tabpanel');
  await expect(ledger.getByText('Latest decisions and permission changes')).toBeVisible();
  await expect(ledger.getByText('Approved').first()).toBeVisible();
  await expect(ledger.getByText('Dismissed').first()).toBeVisible();
  await expect(ledger.getByText('Archive messages: Ask → Allow')).toBeVisible();
  await expect(ledger.getByText('Paused: lunch')).toBeVisible();
  await inBothThemes(page, 'popover-ledger');

  // Arrow keys, Home and End move between tabs.
  await tab('Ledger').focus();
  await page.keyboard.press('ArrowRight');
  await expect(tab('For you')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(tab('Ledger')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(tab('Activity')).toBeFocused();
  await tab('Ledger').click();
  await ledger.getByRole('button', { name: 'Open the full ledger' }).click();
  expect((await shellCalls(page)).at(-1)).toEqual(['openSettings', 'ledger']);

  // A notification is clicked: For you, with that card focused.
  const open = await api<Suggestion[]>(steward, 'listSuggestions', { include: 'open' });
  const bob = open.find((s) => s.title.startsWith('Reply to Bob'));
  expect(bob).toBeDefined();
  await page.evaluate((id) => window.__shell?.emit({ type: 'show-suggestion', suggestionId: id }), bob?.id ?? '');
  await expect(tab('For you')).toHaveAttribute('aria-selected', 'true');
  await expect(reply).toBeFocused();

  // One that is gone by now is said so, not silently ignored.
  await page.evaluate(() => window.__shell?.emit({ type: 'show-suggestion', suggestionId: 'gone' }));
  await expect(page.getByRole('status').filter({ hasText: 'no longer waiting' })).toHaveCount(1);
});

test('a long card: the list names the first 50 of 60 newsletters and counts the rest, in the chips and in the plan', async ({ page, steward, mailUser }) => {
  // Already in the inbox when the account is added: one card, taken by the first sync.
  await withPeer(mailUser.server, mailUser, async (client) => {
    for (let i = 1; i <= 60; i += 1) {
      const raw = await buildMail({
        from: `"The Weekly ${i % 3}" <news@weekly${i % 3}.example>`,
        to: mailUser.email,
        subject: `This week in tools, issue ${i}`,
        text: 'Ten tools you should try.',
        headers: { 'List-Unsubscribe': '<https://weekly.example/unsubscribe>', Precedence: 'bulk' },
        date: new Date(Date.UTC(2026, 10, 1, 9, i)),
      });
      await client.append('INBOX', raw);
    }
  });
  await connectAccount(steward, mailUser);
  await page.setViewportSize(POPOVER);
  await installFakeShell(page, { platform: 'linux', state: DEFAULT_SHELL_STATE });
  await page.goto(steward.url);

  const card = page.getByRole('article', { name: 'Archive 60 newsletters' });
  await expect(card).toBeVisible({ timeout: 30_000 });
  // Two senders' chips count what the list names (at least), the last chip the messages beyond.
  const chips = card.getByRole('list', { name: 'Sources' }).getByRole('listitem');
  await expect(chips).toHaveCount(3);
  await expect(chips.nth(0)).toContainText(/^The Weekly \d·? ?\d+\+ messages$/);
  await expect(chips.nth(2)).toHaveText(/^\+\d+ more$/);
  // The plan: three messages, then all 57 others counted; opened, the 50 listed and the rest counted.
  await expect(card.getByRole('button', { name: 'and 57 more' })).toBeVisible();
  await inBothThemes(page, 'popover-long-card');
  await card.getByRole('button', { name: 'and 57 more' }).click();
  await expect(card.getByRole('list', { name: 'Messages that would move to Archive' }).getByRole('listitem')).toHaveCount(50);
  await expect(card.getByText('and 10 more, all moved together')).toBeVisible();
  const [listed] = await api<Suggestion[]>(steward, 'listSuggestions', { include: 'open' });
  expect(listed?.sourceCount).toBe(60);
  expect(listed?.sources).toHaveLength(50);
  const full = await api<Suggestion>(steward, 'getSuggestion', { id: listed?.id });
  expect(full.sources).toHaveLength(60);
});

test('the engine dies with its port open: the shell says so, a pending call fails in words, a new engine brings it back', async ({ page, steward }) => {
  await page.setViewportSize(POPOVER);
  await installFakeShell(page, { platform: 'linux', state: DEFAULT_SHELL_STATE });
  await page.goto(steward.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Steward' })).toBeVisible();

  // The engine stops answering; its port stays open, so the page alone would wait 5 minutes.
  await page.evaluate(() => window.__shell?.freezeEngine());
  const pause = page.getByRole('switch', { name: 'Pause' });
  await pause.click();
  await expect(pause).toHaveAttribute('aria-busy', 'true');

  await page.evaluate(() =>
    window.__shell?.emit({
      type: 'state',
      state: {
        engine: { kind: 'restarting' },
        surface: 'popover',
        trayAdvice: null,
        pauseShortcut: 'CommandOrControl+Alt+Shift+P',
        launchAtLogin: { available: true, enabled: false },
      },
    }),
  );
  await expect(page.getByRole('alert').filter({ hasText: 'dropped before it answered' })).toBeVisible({ timeout: 5000 });
  await expect(page.getByRole('status').filter({ hasText: 'Reconnecting' })).toBeVisible();
  await snap(page, 'popover-engine-restarting');

  await page.evaluate(() => window.__shell?.connectEngine());
  await expect(page.getByRole('status').filter({ hasText: 'Reconnecting' })).toHaveCount(0);
  await expect(pause).toBeEnabled();

  // Given up: the banner says why and what to do.
  await page.evaluate(() => window.__shell?.freezeEngine());
  await page.evaluate(() =>
    window.__shell?.emit({
      type: 'state',
      state: {
        engine: { kind: 'stopped', reason: 'The Steward engine stopped unexpectedly 5 times in a row, so Steward stopped restarting it.' },
        surface: 'popover',
        trayAdvice: null,
        pauseShortcut: null,
        launchAtLogin: { available: true, enabled: false },
      },
    }),
  );
  await expect(page.getByRole('alert').filter({ hasText: 'Steward’s engine stopped' })).toContainText('Restart Engine');
  await expectAccessible(page, 'engine stopped banner');
});
