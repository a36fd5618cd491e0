/**
 * A file promised in Sent ("I'll send the Q3 deck Friday") through the whole engine: real
 * Dovecot, a real temporary granted folder. The promised day has passed, nothing was sent and
 * the deck has not changed: a card with a draft reply. A promise kept by a later message with
 * an attachment, and one whose file was worked on since, make no card.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineApi } from '../../shared/api/contract.js';
import { tempFolders, writeTree, type TempFolders } from '../../electron/engine/connectors/folders/testing/temp-folders.js';
import { MemorySecretStore } from '../../electron/engine/secrets/memory-secret-store.js';
import { accountInput, createImapUser, deliver, startTestEngine, type EngineHarness } from '../engine-fixture.js';
import { listMessages } from '../servers/index.js';
import { waitUntil } from '../wait-until.js';

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

let temp: TempFolders;
let harness: EngineHarness;
let api: EngineApi;

beforeEach(() => {
  temp = tempFolders();
  harness = startTestEngine({ secrets: new MemorySecretStore() });
  api = harness.engine.apiFor('cli');
});
afterEach(async () => {
  await harness.dispose();
  temp.cleanup();
});

describe('a file promised in a thread', () => {
  it('is proposed as a draft reply when the day passed, nothing was sent and the file did not change', async () => {
    const work = temp.folder('Work');
    writeTree(work, {
      'Q3/Q3 deck.pptx': { content: 'slides', mtime: daysAgo(12) },
      'Budget 2027.xlsx': { content: 'numbers', mtime: daysAgo(12) },
      // Worked on yesterday: the report is on its way.
      'Annual report.docx': { content: 'draft', mtime: daysAgo(1) },
    });
    await api.addFolder({ path: work });
    await waitUntil('Work watched', async () => (await api.listFolders()).find((f) => f.name === 'Work' && f.state === 'watching'), 20_000);

    const user = await createImapUser();
    const me = `"Alice Martin" <${user.email}>`;
    // Eight days ago: the next Friday (or whichever day) has passed, within a week.
    const sent = daysAgo(8);
    await deliver(user, { from: me, to: '"Bob Chen" <bob@partner.example>', subject: 'Q3 numbers', text: "Hi Bob,\n\nI'll send the Q3 deck Friday.\n\nAlice", date: sent, messageId: '<promise-deck@example.test>' }, 'Sent');
    await deliver(user, { from: me, to: '"Carol Diaz" <carol@partner.example>', subject: 'Budget', text: 'I will share the budget tomorrow.', date: sent, messageId: '<promise-budget@example.test>' }, 'Sent');
    await deliver(
      user,
      {
        from: me,
        to: '"Carol Diaz" <carol@partner.example>',
        subject: 'Re: Budget',
        text: 'Here it is.',
        date: daysAgo(7),
        headers: { 'In-Reply-To': '<promise-budget@example.test>', References: '<promise-budget@example.test>' },
        attachments: [{ filename: 'Budget 2027.xlsx', content: Buffer.from('numbers'), contentType: 'application/vnd.ms-excel' }],
      },
      'Sent',
    );
    await deliver(user, { from: me, to: '"Dan Ek" <dan@partner.example>', subject: 'Annual report', text: "I'll get you the annual report by Monday.", date: sent, messageId: '<promise-report@example.test>' }, 'Sent');
    await api.addAccount(accountInput(user));

    const card = await waitUntil('a promised-file suggestion', async () => (await api.listSuggestions()).find((s) => s.kind === 'promised-file'), 30_000);
    expect(card.title).toMatch(/^You promised Bob the Q3 deck by Friday \d+ \w+: nothing was sent$/);
    expect(card.why).toContain('Work/Q3/Q3 deck.pptx has not changed since');
    expect(card.actions.map((a) => a.capability)).toEqual(['email.draft']);
    const preview = card.actions[0]?.preview;
    const draft = preview?.kind === 'draft' ? preview : null;
    expect(draft?.subject).toBe('Re: Q3 numbers');
    expect(draft?.to).toContain('bob@partner.example');
    expect(draft?.body).toContain('Here is the Q3 deck I promised (Q3 deck.pptx)');

    // The budget went with a later message in its thread; the report was worked on since.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await api.listSuggestions()).filter((s) => s.kind === 'promised-file').map((s) => s.title)).toEqual([card.title]);

    await api.approveSuggestion({ id: card.id });
    const drafts = await listMessages(user.server, user, 'Drafts');
    expect(drafts.map((m) => m.subject)).toEqual(['Re: Q3 numbers']);
  });
});
