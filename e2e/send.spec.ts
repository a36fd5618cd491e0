/**
 * Editing a reply and sending it, in the popover of a real `steward host` against the real
 * Dovecot and SMTP sink: Edit → Save changes → Send → "Sending in N s · Undo" → Undo (nothing
 * leaves) → Send again → it leaves once, with the edited text, and the card says it cannot be
 * unsent.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { appendMail, buildMail, listMessages } from '../test/servers/imap-peer.js';
import { readSpool } from '../test/servers/smtp-sink.js';
import { expect, servers, test, type StewardHost } from './fixtures.js';

/** Screenshots for people to look at; with STEWARD_SCREENSHOTS=1 they also land in e2e/screenshots. */
async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, animations: 'disabled' });
  if (process.env.STEWARD_SCREENSHOTS === '1') {
    mkdirSync('e2e/screenshots', { recursive: true });
    await page.screenshot({ path: `e2e/screenshots/${name}.png`, animations: 'disabled' });
  }
}

async function call(steward: StewardHost, method: string, body: unknown): Promise<unknown> {
  const token = new URL(steward.url).hash.replace('#token=', '');
  const response = await fetch(new URL(`api/${method}`, steward.url), { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const payload = (await response.json()) as unknown;
  if (response.status !== 200) throw new Error(`${method} failed: ${JSON.stringify(payload)}`);
  return payload;
}

async function sentTo(address: string, marker: string): Promise<string[]> {
  return (await readSpool(servers().smtp.spoolDir)).filter((mail) => mail.envelope.to.includes(address) && mail.raw.includes(marker)).map((mail) => mail.text ?? '');
}

test('edit a reply, send it, undo within the window, send again: it leaves once, as edited', async ({ page, steward, mailUser }) => {
  const { smtp } = servers();
  await call(steward, 'setConfig', { key: 'mail.undoSendSeconds', value: 30 });
  await call(steward, 'addAccount', {
    kind: 'imap',
    email: mailUser.email,
    displayName: 'Alice Martin',
    host: mailUser.server.host,
    port: mailUser.server.port,
    tls: false,
    username: mailUser.user,
    password: mailUser.password,
    smtp: { host: smtp.host, port: smtp.port, security: 'none' },
  });
  // A sender only this test writes to, so the shared sink's other mail never counts.
  const bob = `bob-${mailUser.email.split('@')[0] ?? 'x'}@partner.example`;
  await appendMail(
    mailUser.server,
    mailUser,
    'INBOX',
    await buildMail({ from: `"Bob Chen" <${bob}>`, to: mailUser.email, subject: 'Q3 contract', text: 'Hi Alice,\n\nCan you send me the signed contract by Friday?\n\nThanks,\nBob' }),
  );

  await page.setViewportSize({ width: 440, height: 760 });
  await page.goto(steward.url);
  const card = page.getByRole('article', { name: 'Reply to Bob Chen about Q3 contract' });
  await expect(card).toBeVisible();
  await expect(card.getByText(/Send mails it to Bob Chen <bob-.*@partner\.example> in your name/)).toBeVisible();
  await snap(page, 'send-1-reply-card');

  // Edit: the draft's text in a box, saved as a new revision.
  await card.getByRole('button', { name: 'Edit' }).click();
  const editor = card.getByRole('textbox', { name: /Message to Bob Chen/ });
  await expect(editor).toBeFocused();
  const edited = 'Hi Bob,\n\nThe signed contract goes out tomorrow morning.\n\nBest,\nAlice';
  await editor.fill(edited);
  await snap(page, 'send-2-editing');
  await card.getByRole('button', { name: 'Save changes' }).click();
  await expect(card.getByText('The signed contract goes out tomorrow morning.')).toBeVisible();
  await expect(card.getByRole('textbox')).toHaveCount(0);

  // Send: it waits in the outbox, counting down, with Undo.
  await card.getByRole('button', { name: 'Send', exact: true }).click();
  const countdown = page.getByTestId('send-countdown');
  await expect(countdown).toHaveText(/^Sending in \d+ s$/);
  const first = Number(/(\d+)/.exec((await countdown.textContent()) ?? '')?.[1]);
  await expect.poll(async () => Number(/(\d+)/.exec((await countdown.textContent()) ?? '')?.[1])).toBeLessThan(first);
  await snap(page, 'send-3-countdown');
  expect(await sentTo(bob, 'tomorrow morning')).toEqual([]);

  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(page.getByText(/Recalled: you undid it before it was sent\. Nothing left Steward\./).first()).toBeVisible();
  await snap(page, 'send-4-recalled');
  expect(await sentTo(bob, 'tomorrow morning')).toEqual([]);

  // Close the outcome: the suggestion is there again to save or send.
  await page.getByRole('button', { name: 'Close' }).click();
  await call(steward, 'setConfig', { key: 'mail.undoSendSeconds', value: 2 });
  const again = page.getByRole('article', { name: 'Reply to Bob Chen about Q3 contract' });
  await again.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByTestId('send-countdown')).toBeVisible();
  await expect(page.getByText('Sent. Mail cannot be unsent.')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText(/^Sent "Re: Q3 contract" to Bob Chen/).first()).toBeVisible();
  await snap(page, 'send-5-sent');

  const received = await sentTo(bob, 'tomorrow morning');
  expect(received).toHaveLength(1);
  expect(received[0]?.trim()).toBe(edited);
  const sentCopies = (await listMessages(mailUser.server, mailUser, 'Sent')).filter((m) => m.subject === 'Re: Q3 contract');
  expect(sentCopies).toHaveLength(1);
});

test('add an account with its SMTP server in Settings: the test logs in to both, the account says where it sends through', async ({ page, steward, mailUser }) => {
  const { smtp } = servers();
  await page.setViewportSize({ width: 900, height: 900 });
  await page.goto(steward.url.replace('/#', '/settings.html?page=accounts#'));
  const addButton = page.getByRole('button', { name: 'Add IMAP account' });
  if (await addButton.isVisible()) await addButton.click();
  const form = page.getByRole('form', { name: 'Add an IMAP account' });
  await form.getByLabel('Email address').fill(mailUser.email);
  await form.getByLabel('IMAP server').fill(mailUser.server.host);
  const tls = form.getByRole('switch', { name: 'TLS' });
  if ((await tls.getAttribute('aria-checked')) === 'true') await tls.click();
  await form.getByLabel('Port', { exact: true }).fill(String(mailUser.server.port));
  await form.getByLabel('User name', { exact: true }).fill(mailUser.user);
  await form.getByLabel('Password', { exact: true }).fill(mailUser.password);

  await form.getByLabel(/Let Steward send from this account/).check();
  await form.getByLabel('SMTP server').fill(smtp.host);
  await form.getByLabel('Security').selectOption('none');
  await form.getByLabel('Port', { exact: true }).nth(1).fill(String(smtp.port));
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText(new RegExp(`outgoing mail: logged in to ${smtp.host.replace(/\./g, '\\.')}:${smtp.port}, no TLS`))).toBeVisible();
  await snap(page, 'settings-add-account-smtp');

  await form.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByText(`sends through ${smtp.host}:${smtp.port}, no TLS`)).toBeVisible();
});
