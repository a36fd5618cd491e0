/**
 * Settings → Interruptions against a real `steward host`: the threshold, quiet hours, the
 * hourly budget and the time zone are saved through the engine (which checks them), and a
 * refused value says why next to its field.
 */
import { expectAccessible } from './axe.js';
import { expect, test } from './fixtures.js';

test('changes when Steward may notify, and refuses a time zone it does not know', async ({ page, steward }) => {
  await page.setViewportSize({ width: 900, height: 640 });
  await page.goto(steward.url.replace('/#', '/settings.html?page=interruptions#'));
  await expect(page.getByRole('heading', { name: 'Interruptions' })).toBeVisible();

  await page.getByRole('radio', { name: 'Urgent only' }).click();
  await expect(page.getByRole('radio', { name: 'Urgent only' })).toHaveAttribute('aria-checked', 'true');

  const from = page.getByLabel('From');
  await from.fill('21:30');
  await from.blur();
  await expect(page.getByText('Nothing notifies from 21:30 to 07:00')).toBeVisible();

  const perHour = page.getByLabel('At most this many notifications an hour');
  await perHour.fill('2');
  await perHour.blur();

  const zone = page.getByLabel('Time zone');
  await zone.fill('Mars/Olympus');
  await zone.blur();
  await expect(page.getByText(/use a time zone name such as Europe\/Paris/)).toBeVisible();
  await zone.fill('Europe/Paris');
  await zone.blur();
  await expect(page.getByText(/use a time zone name/)).toHaveCount(0);

  const token = new URL(steward.url).hash.replace('#token=', '');
  const stored = (await (await fetch(new URL('api/getConfig', steward.url), { headers: { authorization: `Bearer ${token}` } })).json()) as {
    key: string;
    value: unknown;
  }[];
  const value = (key: string) => stored.find((entry) => entry.key === key)?.value;
  expect([value('interruptions.minUrgency'), value('interruptions.quietHours'), value('interruptions.perHour'), value('user.timeZone')]).toEqual([
    'high',
    '21:30-07:00',
    2,
    'Europe/Paris',
  ]);
  await page.screenshot({ path: 'test-results/screenshots/settings-interruptions.png', animations: 'disabled' });
  await expectAccessible(page, 'settings-interruptions');
});
