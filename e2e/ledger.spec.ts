/**
 * Settings → Ledger against a real `steward host`: the filters are applied by the engine (app,
 * capability, decision, actor, time), the empty result says what to do, and the verification
 * names the anchor kept outside the database.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe.js';
import { expect, test } from './fixtures.js';

async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, animations: 'disabled' });
  if (process.env.STEWARD_SCREENSHOTS === '1') {
    mkdirSync('e2e/screenshots', { recursive: true });
    await page.screenshot({ path: `e2e/screenshots/${name}.png`, animations: 'disabled' });
  }
}

test('filters the ledger by app, capability and actor in the engine, and says when nothing matches', async ({ page, steward }) => {
  const token = new URL(steward.url).hash.replace('#token=', '');
  const call = async (method: string, body?: unknown) => {
    const response = await fetch(new URL(`api/${method}`, steward.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: body === undefined ? '' : JSON.stringify(body),
    });
    expect(response.status, await response.clone().text()).toBe(200);
  };
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
