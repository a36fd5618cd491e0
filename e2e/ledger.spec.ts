/**
 * Settings → Ledger against a real `steward host`: the filters are applied by the engine (app,
 * capability, decision, actor, time), the empty result says what to do, and the verification
 * names the anchor kept outside the database. At 100,000 entries the list stays virtualised
 * (a bounded number of rows in the DOM) while it pages in older entries as it scrolls.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe.js';
import { expect, test, type StewardHost } from './fixtures.js';

async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, animations: 'disabled' });
  if (process.env.STEWARD_SCREENSHOTS === '1') {
    mkdirSync('e2e/screenshots', { recursive: true });
    await page.screenshot({ path: `e2e/screenshots/${name}.png`, animations: 'disabled' });
  }
}

/** A POST to the host's API as the browser makes it; an empty body for methods without input. */
async function post(steward: StewardHost, method: string, body?: unknown): Promise<void> {
  const token = new URL(steward.url).hash.replace('#token=', '');
  const response = await fetch(new URL(`api/${method}`, steward.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: body === undefined ? '' : JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

test('filters the ledger by app, capability and actor in the engine, and says when nothing matches', async ({ page, steward }) => {
  const call = (method: string, body?: unknown) => post(steward, method, body);
  await call('setGrant', { app: 'imap', capability: 'email.send', mode: 'deny' });
  await call('setGrant', { app: 'gmail', capability: 'email.archive', mode: 'allow' });
  await call('setGrant', { app: 'imap', capability: 'email.trash', mode: 'deny' });
  for (let i = 0; i < 3; i++) {
    await call('pause', { reason: `break ${i}` });
    await call('resume');
  }

  await page.setViewportSize({ width: 1100, height: 720 });
  await page.goto(steward.url.replace('/#', '/settings.html?page=ledger#'));
  await expect(page.getByText(/Chain verified: 9 entries intact/)).toBeVisible();
  const rows = page.locator('tbody tr.ledger-row');
  await expect(rows).toHaveCount(9);

  await page.getByLabel('App').selectOption('imap');
  await expect(rows).toHaveCount(2);
  await expect(page.getByText('You denied Move to Trash in every Mail (IMAP) account: Steward will never do it there.')).toBeVisible();
  await page.getByLabel('Capability').selectOption('email.send');
  await expect(rows).toHaveCount(1);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(rows).toHaveCount(9);

  await page.getByLabel('Actor').selectOption('user:web');
  await expect(rows).toHaveCount(9);
  await page.getByLabel('Decision').selectOption('refused');
  await expect(page.getByText('No entries match these filters. Clear them to see everything.')).toBeVisible();
  await page.getByLabel('Decision').selectOption('');
  await page.getByLabel('App').selectOption('gmail');
  await expect(rows).toHaveCount(1);
  await expectAccessible(page, 'settings ledger filtered');
  await snap(page, 'settings-ledger-filters');
});

test('scrolls 100,000 entries with a bounded number of rows, pages in older ones, and moves by keyboard', async ({ page, steward }) => {
  test.setTimeout(300_000);
  const COUNT = 100_000;
  // Seeded through the engine's own Ledger module into the host's database (e2e/seed-ledger.ts
  // says why not the HTTP API); the host's next append anchors the new head.
  execFileSync('npx', ['tsx', '--tsconfig', 'tsconfig.engine.json', 'e2e/seed-ledger.ts', steward.dataDir, String(COUNT)], { stdio: 'pipe' });
  await post(steward, 'pause', { reason: 'after seeding' });
  await post(steward, 'resume');
  const total = COUNT + 2;

  await page.setViewportSize({ width: 1100, height: 760 });
  await page.goto(steward.url.replace('/#', '/settings.html?page=ledger#'));
  await expect(page.getByText(`Chain verified: ${total.toLocaleString('en-US')} entries intact`)).toBeVisible({ timeout: 60_000 });
  const rows = page.locator('tbody tr.ledger-row');
  const scroller = page.getByRole('region', { name: 'Ledger entries, newest first' });
  await expect(page.getByRole('button', { name: `Entry ${total}: show details` })).toBeVisible();
  expect(await rows.count()).toBeLessThan(80);

  // Scroll to the bottom until the first entry ever written is loaded and in view.
  // (As a user holding End would: each time the loaded rows run out, the next 1,000 come in.)
  await page.waitForFunction(
    () => {
      const list = document.querySelector('.ledger-scroller');
      list?.scrollTo({ top: list.scrollHeight });
      return list?.textContent?.includes('The first entry: the ledger starts here.') === true;
    },
    null,
    { polling: 50, timeout: 240_000 },
  );
  await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(page.getByRole('button', { name: 'Entry 1: show details' })).toBeVisible();
  await expect(page.getByText('Reply to message 1: Send mail (email.send) in Mail (IMAP) needs your approval.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Entry 2: show details' })).toBeVisible();
  // However far it went, the DOM holds a screenful and a few more, never the 100,000.
  expect(await rows.count()).toBeLessThan(80);
  expect(await scroller.evaluate((el) => el.scrollHeight)).toBeGreaterThan(COUNT * 30);
  await expect(page.getByText(`${total.toLocaleString('en-US')} entries`, { exact: true })).toBeVisible();
  await snap(page, 'settings-ledger-100k-bottom');

  // Keyboard: the rows are focusable; arrows, Page Up and Home move, and open rows with Enter.
  await page.getByRole('button', { name: 'Entry 1: show details' }).focus();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('button', { name: 'Entry 2: show details' })).toBeFocused();
  await page.keyboard.press('PageUp');
  const afterPage = await page.evaluate(() => Number(/Entry (\d+)/.exec(document.activeElement?.getAttribute('aria-label') ?? '')?.[1]));
  expect(afterPage).toBeGreaterThan(10);
  expect(afterPage).toBeLessThan(40);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: `Entry ${afterPage}: hide details` })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(page.getByRole('button', { name: `Entry ${total}: show details` })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('button', { name: `Entry ${total - 1}: show details` })).toBeFocused();
  expect(await rows.count()).toBeLessThan(80);

  // A new entry joins the top without dropping the 100,000 already loaded.
  await post(steward, 'pause', { reason: 'while scrolled' });
  await expect(page.getByText(`${(total + 1).toLocaleString('en-US')} entries`, { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: `Entry ${total + 1}: show details` })).toBeVisible();
  await post(steward, 'resume');

  // The filters still apply in the engine, at any depth.
  await page.getByLabel('App').selectOption('folders');
  await page.getByLabel('Decision').selectOption('denied');
  await expect(page.getByText(/Move report-100000\.pdf to the Trash/)).toBeVisible();
  expect(await rows.count()).toBeLessThan(80);
  await page.getByLabel('Actor').selectOption('user:ui');
  await expect(page.getByText('No entries match these filters. Clear them to see everything.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByRole('button', { name: `Entry ${total + 2}: show details` })).toBeVisible();
  await snap(page, 'settings-ledger-100k-top');
});
