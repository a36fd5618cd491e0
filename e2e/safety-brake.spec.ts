/**
 * Settings → Permissions → Safety brake against a real `steward host`: the breaker's count and
 * window are saved through the engine (which checks them), and a refused value says why next to
 * its field.
 */
import { mkdirSync } from 'node:fs';
import { expectAccessible } from './axe.js';
import { expect, test } from './fixtures.js';

test('sets when the safety brake trips, and refuses a count it cannot use', async ({ page, steward }) => {
  await page.setViewportSize({ width: 900, height: 900 });
  await page.goto(steward.url.replace('/#', '/settings.html?page=permissions#'));
  await expect(page.getByRole('heading', { name: 'Safety brake' })).toBeVisible();
  await expect(page.getByText(/If more than 20 actions run without asking within 10 minutes, Steward pauses itself/)).toBeVisible();

  const count = page.getByLabel('Pause after more than this many unasked actions');
  await count.fill('0');
  await count.blur();
  await expect(page.getByText(/safety\.breakerCount: .*(>=1|greater than or equal to 1|at least 1)/i)).toBeVisible();
  await count.fill('5');
  await count.blur();
  await expect(page.getByText(/If more than 5 actions run without asking within 10 minutes/)).toBeVisible();
  const minutes = page.getByLabel('Within this many minutes');
  await minutes.fill('30');
  await minutes.blur();
  await expect(page.getByText(/If more than 5 actions run without asking within 30 minutes/)).toBeVisible();

  const token = new URL(steward.url).hash.replace('#token=', '');
  const stored = (await (await fetch(new URL('api/getConfig', steward.url), { headers: { authorization: `Bearer ${token}` } })).json()) as { key: string; value: unknown }[];
  const value = (key: string) => stored.find((entry) => entry.key === key)?.value;
  expect([value('safety.breakerCount'), value('safety.breakerMinutes')]).toEqual([5, 30]);

  const panel = page.getByRole('region', { name: 'Safety brake' });
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: 'test-results/screenshots/settings-safety-brake.png', animations: 'disabled' });
  if (process.env.STEWARD_SCREENSHOTS === '1') {
    mkdirSync('e2e/screenshots', { recursive: true });
    await panel.screenshot({ path: 'e2e/screenshots/settings-safety-brake.png', animations: 'disabled' });
  }
  await expectAccessible(page, 'settings-safety-brake');
});
