/**
 * A CalDAV calendar in the browser UI of a real `steward host` against the run's Radicale:
 * Settings → Accounts → Calendar (CalDAV), test the connection (it names the calendars it
 * found), add it; then the popover says what comes next ("Next: Design review in 25 min") and
 * proposes answering the invitation in the calendar.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { makeCalendar, putIcs } from '../test/servers/radicale.js';
import { expectAccessible } from './axe.js';
import { expect, test } from './fixtures.js';

async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, animations: 'disabled' });
  if (process.env.STEWARD_SCREENSHOTS === '1') {
    mkdirSync('e2e/screenshots', { recursive: true });
    await page.screenshot({ path: `e2e/screenshots/${name}.png`, animations: 'disabled' });
  }
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** An event `minutes` from now (whole minutes), with the user invited by Ana when `invitedBy` is given. */
function eventIcs(uid: string, summary: string, startMs: number, minutes: number, attendee?: string): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//e2e//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTAMP:${stamp(Date.now())}`,
    `DTSTART:${stamp(startMs)}`,
    `DTEND:${stamp(startMs + minutes * 60_000)}`,
    `SUMMARY:${summary}`,
    ...(attendee
      ? ['ORGANIZER;CN=Ana Lopez:mailto:ana@example.org', 'ATTENDEE;CN=Ana Lopez;PARTSTAT=ACCEPTED:mailto:ana@example.org', `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${attendee}`]
      : []),
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

test('add a CalDAV calendar in Settings, then the popover shows the next event and the invitation to answer', async ({ page, context, steward, calendarUser }) => {
  const calendarUrl = await makeCalendar(calendarUser, 'work', 'Work');
  // 25 minutes from now: the popover counts down in whole minutes while the test runs.
  const start = Math.round((Date.now() + 25 * 60_000) / 1000) * 1000;
  await putIcs(calendarUser, calendarUrl, 'review.ics', eventIcs('review-1@e2e', 'Design review', start, 60));
  await putIcs(calendarUser, calendarUrl, 'offsite.ics', eventIcs('offsite-1@e2e', 'Planning offsite', start + 2 * 86_400_000, 120, calendarUser.user));

  await page.setViewportSize({ width: 900, height: 720 });
  await page.goto(steward.url.replace('/#', '/settings.html?page=accounts#'));
  await page.getByRole('radiogroup', { name: 'Kind of account' }).getByRole('radio', { name: 'Calendar (CalDAV)' }).click();
  const form = page.getByRole('form', { name: 'Add a CalDAV calendar' });
  // A user name that is not an address needs the address invitations reach: said at the field.
  await form.getByLabel('Server address').fill(calendarUser.url);
  await form.getByLabel('User name').fill('alice');
  await form.getByLabel('Password', { exact: true }).fill(calendarUser.password);
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByText('Your user name is not an email address: enter the address invitations reach you at.')).toBeVisible();
  await form.getByLabel('User name').fill(calendarUser.user);
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByText(/Connection works\..*Logged in as .*1 calendar: Work/)).toBeVisible({ timeout: 20_000 });
  await snap(page, 'settings-caldav-tested');
  await expectAccessible(page, 'Settings: the CalDAV form, tested');

  await form.getByRole('button', { name: 'Add calendar' }).click();
  const card = page.getByRole('listitem').filter({ hasText: calendarUser.user });
  await expect(card.getByText('Connected')).toBeVisible({ timeout: 30_000 });
  await expect(card.getByText(/user .* · answers reach the calendar only/)).toBeVisible();
  await snap(page, 'settings-caldav-added');

  const popover = await context.newPage();
  await popover.setViewportSize({ width: 440, height: 720 });
  await popover.goto(steward.url);
  await expect(popover.getByLabel('Your calendar')).toHaveText(/^Next: Design review in (1\d|2[0-5]) min$/, { timeout: 30_000 });
  const rsvp = popover.getByRole('article', { name: /^Accept Planning offsite, / });
  await expect(rsvp).toBeVisible({ timeout: 30_000 });
  await expect(rsvp.getByText('Undo sends your previous answer again: the organiser sees both answers.')).toBeVisible();
  await snap(popover, 'popover-calendar');
  await expectAccessible(popover, 'the popover with the next event and an RSVP');
});
