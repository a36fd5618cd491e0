/**
 * The agent as a user meets it in the browser UI of a real `steward host`, with the Messages API
 * stand-in as the model: Settings → Model and budget takes the key once and never shows it back;
 * a question gets a reply drafted by the model, shown with its reason line; the popover shows
 * today's spend; Runs lists what ran; Memory keeps and forgets a preference; removing the key
 * goes back to the detectors, and the popover says what a key would add.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { scriptedModel } from '../test/agent/scripted-model.js';
import { appendMail, buildMail } from '../test/servers/imap-peer.js';
import { startModelStandin, type ModelStandin } from '../test/servers/model-standin.js';
import { expect, test } from './fixtures.js';

const KEY = 'sk-ant-e2e-browser-key-123';
let standin: ModelStandin;

test.beforeAll(async () => {
  standin = await startModelStandin({ apiKey: KEY });
  standin.respondWith(scriptedModel());
});
test.afterAll(() => standin.stop());

async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, animations: 'disabled' });
  if (process.env.STEWARD_SCREENSHOTS === '1') {
    mkdirSync('e2e/screenshots', { recursive: true });
    await page.screenshot({ path: `e2e/screenshots/${name}.png`, animations: 'disabled' });
  }
}

test('the model: a key set once in Settings, a reply drafted by it, spend, runs, memory', async ({ page, context, steward, mailUser }) => {
  const token = new URL(steward.url).hash.replace('#token=', '');
  const call = (method: string, body: unknown) =>
    fetch(new URL(`api/${method}`, steward.url), { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  try {
    await page.setViewportSize({ width: 440, height: 720 });
    await page.goto(steward.url);
    await expect(page.getByText('Detectors only. A model key adds triage, replies drafted in your tone, and digests.')).toBeVisible();

    const [settings] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Add a key' }).click()]);
    await settings.setViewportSize({ width: 900, height: 640 });
    await expect(settings.getByRole('heading', { name: 'Model and budget' })).toBeVisible();
    await expect(settings.getByText(/^No key: Steward runs on its built-in detectors/)).toBeVisible();

    await settings.getByLabel('Base URL').fill('http://192.168.1.5:8080');
    await settings.getByLabel('Base URL').press('Enter');
    await expect(settings.getByText(/Plain http would send your API key unencrypted to 192\.168\.1\.5/)).toBeVisible();
    await settings.getByLabel('Base URL').fill(standin.url);
    await settings.getByLabel('Base URL').press('Enter');
    await expect(settings.getByLabel('Base URL')).toHaveValue(standin.url);

    const keyField = settings.getByRole('textbox', { name: 'API key', exact: true });
    await keyField.fill(KEY);
    await settings.getByRole('button', { name: 'Save key' }).click();
    await expect(settings.getByText(/^A key is saved in your system keychain\. It is never shown again/)).toBeVisible();
    await expect(settings.getByRole('textbox', { name: 'New API key' })).toHaveValue('');
    expect(await settings.content()).not.toContain(KEY);
    await snap(settings, 'settings-model');

    expect((await call('addAccount', { kind: 'imap', email: mailUser.email, host: mailUser.server.host, port: mailUser.server.port, tls: false, username: mailUser.user, password: mailUser.password })).status).toBe(200);
    await appendMail(mailUser.server, mailUser, 'INBOX', await buildMail({ from: '"Bob Chen" <bob@partner.example>', to: mailUser.email, subject: 'Q3 contract', text: 'Hi Alice,\n\nCan you send me the signed contract by Friday?\n\nBob' }));

    const card = page.getByRole('article', { name: 'Reply to Bob Chen about Q3 contract' });
    await expect(card.getByText('Proposed by Steward’s model')).toBeVisible({ timeout: 30_000 });
    await expect(card.getByText('They asked a direct question and are waiting for your answer.')).toBeVisible();
    await expect(card.getByText(/Yes, that works for me/)).toBeVisible();
    await expect(page.getByText(/^Model: [\d.]+k of 1M tokens today · <?\$\d/)).toBeVisible();
    await snap(page, 'popover-agent-reply');

    await settings.getByRole('button', { name: 'Runs' }).click();
    await expect(settings.getByRole('heading', { name: 'Runs' })).toBeVisible();
    await expect(settings.getByRole('cell', { name: /Reply draft/ })).toBeVisible();
    await expect(settings.getByRole('cell', { name: /Triage/ })).toBeVisible({ timeout: 15_000 });
    await snap(settings, 'settings-runs');

    await settings.getByRole('button', { name: 'Memory' }).click();
    await settings.getByLabel('Something to keep in mind').fill('Keep replies under five lines.');
    await settings.getByRole('button', { name: 'Add' }).click();
    await expect(settings.getByText('Keep replies under five lines.')).toBeVisible();
    await expect(settings.getByText('Written by you', { exact: true })).toBeVisible();
    await snap(settings, 'settings-memory');
    await settings.getByRole('button', { name: 'Delete: Keep replies under five lines.' }).click();
    await expect(settings.getByText('Keep replies under five lines.')).toHaveCount(0);

    await settings.getByRole('button', { name: 'Model and budget' }).click();
    await settings.getByRole('button', { name: 'Remove key' }).click();
    await expect(settings.getByText(/^No key: Steward runs on its built-in detectors/)).toBeVisible();
    await expect(page.getByText('Detectors only. A model key adds triage, replies drafted in your tone, and digests.')).toBeVisible();
  } finally {
    // The run's keychain is shared by every host of the run: leave no key behind.
    await call('setApiKey', { apiKey: null });
  }
});
