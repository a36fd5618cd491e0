/**
 * A card that grows over a long first sync (all the newsletters in one "Archive N newsletters"),
 * through the real scheduler, proposer and database (in memory): it grows batch after batch by
 * what each batch adds, without losing a message, and is stated whole once the burst is over; a
 * list of suggestions names only the first of its sources and messages, with their counts, while
 * the suggestion itself names them all.
 */
import { describe, expect, it } from 'vitest';
import type { ArchiveArgs } from '../connectors/imap/executors/archive.js';
import type { NewMailItem } from '../items/mail/mail-item.js';
import { aliceMailbox, memoryParts } from '../testing/memory-engine-parts.js';
import { mailItem } from '../detectors/testing/mail-item.js';
import Database from 'better-sqlite3';
import { LISTED_MESSAGES } from '../actions/action-store.js';
import { migrate } from '../db/database.js';
import { MIGRATIONS } from '../db/migrations.js';
import { LISTED_SOURCES } from './suggestion-store.js';
import { GROWS_FROM, newslettersProposal } from '../detectors/newsletters.js';
import type { MailItem } from '../items/mail/mail-item.js';

function newsletter(n: number): NewMailItem {
  const { id: _id, accountId: _a, present: _p, threadKey: _t, ...item } = mailItem({
    externalId: `1:${n}`,
    messageKey: `<news-${n}@weekly.test>`,
    messageId: `<news-${n}@weekly.test>`,
    from: { name: `Weekly ${n % 3}`, address: `news@weekly${n % 3}.test` },
    subject: `Issue ${n}`,
    sentAt: new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString(),
    receivedAt: new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString(),
    headers: { listUnsubscribe: '<https://weekly.test/u>', listId: null, precedence: 'bulk', autoSubmitted: null },
    bodyText: `This week, issue ${n}. `.repeat(50),
  });
  return item;
}

describe('a card that grows over a long sync', () => {
  it('grows by each batch alone, reviewing only the new step, and is stated whole once the burst is over', () => {
    const parts = memoryParts();
    const { sink } = aliceMailbox(parts);
    // Batches as a sync commits them: the first makes a card large enough to grow by addition,
    // and it grows after each of the next three.
    const sizes = [GROWS_FROM, 40, 40, 10];
    const total = sizes.reduce((sum, n) => sum + n, 0);
    let next = 1;
    for (const size of sizes) {
      const items = Array.from({ length: size }, (_, i) => newsletter(next + i));
      next += size;
      sink.commit({ stream: 'INBOX', cursor: { uidValidity: '1', lastUid: next - 1 }, items });
      parts.scheduler.processPending();
    }

    const [growing] = parts.suggestions.list('open');
    if (!growing) throw new Error('no card');
    expect(parts.suggestions.list('open')).toHaveLength(1);
    expect(growing.title).toBe(`Archive ${total} newsletters`);
    expect(growing.revision).toBe(4);
    expect(growing.sourceCount).toBe(total);
    expect(growing.sources).toHaveLength(LISTED_SOURCES);
    // Newest first, as the card shows them, though the newest came last.
    expect(growing.sources[0]?.subject).toBe(`Issue ${total}`);
    // One step per growth, each moving its own batch: every message once, none twice.
    const steps = parts.actions.listFor(growing.id);
    expect(steps.map((step) => (step.args as ArchiveArgs).messages.length)).toEqual(sizes);
    expect(new Set(steps.flatMap((step) => (step.args as ArchiveArgs).messages.map((m) => m.uid))).size).toBe(total);
    // The gate reviewed each step once, when it was added: a growth does not review the card again.
    expect(gateReviews(parts, growing.id)).toBe(4);
    // The card shows them as the one move they are, newest first.
    expect(growing.actions).toHaveLength(1);
    expect(growing.actions[0]?.title).toBe(`Move ${total} messages from INBOX to Archive`);
    const joined = growing.actions[0]?.preview;
    expect(joined?.kind === 'move' ? [joined.messageCount, joined.messages.length, joined.messages[0]?.subject] : []).toEqual([total, LISTED_MESSAGES, `Issue ${total}`]);
    expect(parts.suggestions.get(growing.id)?.actions).toHaveLength(1);
    // The words are those of the whole card.
    const whole = newslettersProposal(aliceAccount(parts), parts.stores.mail?.getMany(parts.suggestions.itemIds(growing.id)) as MailItem[]);
    expect(growing.why).toBe(whole.why);
    expect(growing.flags).toEqual(whole.flags);

    parts.scheduler.restateGrown();

    const [card] = parts.suggestions.list('open');
    if (!card) throw new Error('no card');
    expect(card.id).toBe(growing.id);
    // A new revision: an approval of what the card said while it grew is refused.
    expect(card.revision).toBe(5);
    expect(card.title).toBe(growing.title);
    expect(card.why).toBe(growing.why);
    const preview = card.actions[0]?.preview;
    if (preview?.kind !== 'move') throw new Error('no move preview');
    expect(card.actions).toHaveLength(1);
    expect(preview.messages).toHaveLength(LISTED_MESSAGES);
    expect(preview.messageCount).toBe(total);
    expect(preview.messages[0]?.subject).toBe(`Issue ${total}`);

    const full = parts.suggestions.get(card.id);
    expect(full?.sources).toHaveLength(total);
    expect(full?.sourceCount).toBe(total);
    const fullPreview = full?.actions[0]?.preview;
    expect(fullPreview?.kind === 'move' ? fullPreview.messages.length : 0).toBe(total);
    expect(fullPreview && 'messageCount' in fullPreview).toBe(false);
    // The step moves every message, though the growing card never read a body again.
    const step = parts.actions.listFor(card.id)[0];
    expect(new Set((step?.args as ArchiveArgs).messages.map((m) => m.uid)).size).toBe(total);
    expect(parts.suggestions.itemIds(card.id)).toHaveLength(total);
    // Restated once: nothing more to do when the next burst is over.
    parts.scheduler.restateGrown();
    expect(parts.suggestions.list('open')[0]?.revision).toBe(5);
  });
});

describe('approving a card that grows', () => {
  it('refuses an approval of what the card said before it grew, and admits exactly the steps of the revision approved', async () => {
    const parts = memoryParts();
    const { sink } = aliceMailbox(parts);
    const batch = (from: number, count: number) => {
      const items = Array.from({ length: count }, (_, i) => newsletter(from + i));
      sink.commit({ stream: 'INBOX', cursor: { uidValidity: '1', lastUid: from + count - 1 }, items });
      parts.scheduler.processPending();
    };
    batch(1, GROWS_FROM);
    batch(GROWS_FROM + 1, 5);
    const seen = parts.suggestions.list('open')[0];
    if (!seen) throw new Error('no card');
    // More arrives while the user reads the card.
    batch(GROWS_FROM + 6, 5);

    await expect(parts.runner.approve(seen.id, seen.revision, 'user:test')).rejects.toThrow(/changed since you saw it/);
    expect(parts.actions.listFor(seen.id).map((step) => step.status)).toEqual(['proposed', 'proposed', 'proposed']);

    const now = parts.suggestions.get(seen.id);
    if (!now) throw new Error('no card');
    // Admission happens as the approval is made, before anything runs (which fails here: no server).
    const running = parts.runner.approve(seen.id, now.revision, 'user:test').catch(() => undefined);
    const admitted = parts.actions.listFor(seen.id);
    expect(admitted.map((step) => step.status).every((status) => status !== 'proposed')).toBe(true);
    expect(plannedUids(parts, seen.id)).toHaveLength(GROWS_FROM + 10);
    const approval = parts.db.prepare(`SELECT detail_json FROM ledger WHERE kind = 'suggestion.approved' AND suggestion_id = ?`).get(seen.id) as { detail_json: string };
    expect(JSON.parse(approval.detail_json)).toMatchObject({ revision: now.revision, steps: [`Move ${GROWS_FROM + 10} messages from INBOX to Archive`] });
    // What arrives now is a new card: the approved one does not grow under the approval.
    batch(GROWS_FROM + 11, 2);
    const open = parts.suggestions.list('open').filter((s) => s.status === 'pending');
    expect(open.map((s) => s.title)).toEqual(['Archive 2 newsletters']);
    expect(plannedUids(parts, seen.id)).toHaveLength(GROWS_FROM + 10);
    await running;
    parts.scheduler.stop();
  });
});

/** Every UIDVALIDITY:UID a card's steps would move, sorted. */
function plannedUids(parts: ReturnType<typeof memoryParts>, suggestionId: string): string[] {
  return parts.actions
    .listFor(suggestionId)
    .flatMap((step) => (step.args as ArchiveArgs).messages.map((m) => `${m.uidValidity}:${m.uid}`))
    .sort();
}

/** How many times the gate reviewed a step of this suggestion as it was proposed. */
function gateReviews(parts: ReturnType<typeof memoryParts>, suggestionId: string): number {
  const row = parts.db.prepare(`SELECT count(*) AS n FROM ledger WHERE suggestion_id = ? AND kind IN ('gate.asked', 'gate.allowed', 'gate.denied')`).get(suggestionId) as { n: number };
  return row.n;
}

function aliceAccount(parts: ReturnType<typeof memoryParts>) {
  const [account] = parts.accounts.list();
  if (!account) throw new Error('no account');
  return account;
}

describe('a growing card, from the items kept between batches', () => {
  it('plans a message the server renumbered (no observation) under its new UID', () => {
    const parts = memoryParts();
    const { sink } = aliceMailbox(parts);
    const batch = (items: NewMailItem[], supersedes?: (externalId: string) => boolean) => {
      sink.commit({ stream: 'INBOX', cursor: { uidValidity: '1', lastUid: 10 }, items, ...(supersedes ? { supersedes } : {}) });
      parts.scheduler.processPending();
    };
    batch([newsletter(1), newsletter(2)]);
    // The card grows: its items 1 and 2 are read back (and kept).
    batch([newsletter(3)]);
    // UIDVALIDITY changed: message 1 comes back as 2:101 with the same flags, which is no
    // observation, so only the item's row says so.
    batch([{ ...newsletter(1), externalId: '2:101' }], (externalId) => externalId === '1:1');
    batch([newsletter(4)]);

    const [card] = parts.suggestions.list('open');
    expect(card?.title).toBe('Archive 4 newsletters');
    const step = parts.actions.listFor(card?.id ?? '')[0];
    const uids = (step?.args as ArchiveArgs).messages.map((m) => `${m.uidValidity}:${m.uid}`);
    expect(uids.sort()).toEqual(['1:2', '1:3', '1:4', '2:101']);
  });

  it('leaves out a message gone since it was kept', () => {
    const parts = memoryParts();
    const { sink } = aliceMailbox(parts);
    const batch = (items: NewMailItem[]) => {
      sink.commit({ stream: 'INBOX', cursor: { uidValidity: '1', lastUid: 10 }, items });
      parts.scheduler.processPending();
    };
    batch([newsletter(1), newsletter(2)]);
    batch([newsletter(3)]);
    // Gone from the inbox (deleted elsewhere): the card shrinks, and the next growth does not bring it back.
    sink.commit({ stream: 'INBOX', cursor: { uidValidity: '1', lastUid: 10 }, items: [], goneExternalIds: ['1:2'] });
    parts.scheduler.processPending();
    batch([newsletter(4)]);

    const [card] = parts.suggestions.list('open');
    expect(card?.title).toBe('Archive 3 newsletters');
    const step = parts.actions.listFor(card?.id ?? '')[0];
    expect((step?.args as ArchiveArgs).messages.map((m) => m.uid).sort()).toEqual([1, 3, 4]);
  });
});

describe('what a list shows, for suggestions made before it was written down', () => {
  it('the migration cuts and counts the sources and step messages of existing cards', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((m) => m.version <= 6));
    db.pragma('foreign_keys = OFF');
    const sources = Array.from({ length: 70 }, (_, i) => ({ kind: 'mail', itemId: `i${i}`, label: 'The Weekly', subject: `Issue ${i}`, at: '2026-11-01T09:00:00Z' }));
    const messages = Array.from({ length: 70 }, (_, i) => ({ from: 'The Weekly', subject: `Issue ${i}`, date: '2026-11-01T09:00:00Z' }));
    db.prepare(
      `INSERT INTO suggestions (id, kind, account_id, dedupe_key, title, why, urgency, status, revision, flags_json, sources_json, created_at, updated_at)
       VALUES ('s1', 'newsletters', 'a1', 'k', 'Archive 70 newsletters', 'Bulk', 'low', 'pending', 1, '[]', ?, 't', 't')`,
    ).run(JSON.stringify(sources));
    const insertAction = db.prepare(
      `INSERT INTO actions (id, suggestion_id, position, capability, app, account_id, title, args_json, preview_json, status, decision, created_at)
       VALUES (?, 's1', ?, 'email.archive', 'imap', 'a1', 'Move', '{}', ?, 'proposed', 'ask', 't')`,
    );
    insertAction.run('long', 0, JSON.stringify({ kind: 'move', fromMailbox: 'INBOX', toMailbox: 'Archive', messages }));
    insertAction.run('short', 1, JSON.stringify({ kind: 'draft', mailbox: 'Drafts', to: 'bob', subject: 'Hi', body: 'Hello' }));

    migrate(db, MIGRATIONS);

    const card = db.prepare('SELECT source_count, listed_sources_json FROM suggestions').get() as { source_count: number; listed_sources_json: string };
    expect(card.source_count).toBe(70);
    expect(JSON.parse(card.listed_sources_json)).toEqual(sources.slice(0, LISTED_SOURCES));
    const long = db.prepare(`SELECT listed_preview_json FROM actions WHERE id = 'long'`).get() as { listed_preview_json: string };
    expect(JSON.parse(long.listed_preview_json)).toEqual({ kind: 'move', fromMailbox: 'INBOX', toMailbox: 'Archive', messages: messages.slice(0, LISTED_MESSAGES), messageCount: 70 });
    const short = db.prepare(`SELECT listed_preview_json FROM actions WHERE id = 'short'`).get() as { listed_preview_json: string };
    expect(JSON.parse(short.listed_preview_json)).toEqual({ kind: 'draft', mailbox: 'Drafts', to: 'bob', subject: 'Hi', body: 'Hello' });
    db.close();
  });
});
