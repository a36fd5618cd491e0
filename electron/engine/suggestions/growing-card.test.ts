/**
 * A card that grows over a long first sync (all the newsletters in one "Archive N newsletters"),
 * through the real scheduler, proposer and database (in memory): it grows batch after batch
 * without losing a message, and a list of suggestions names only the first of its sources and
 * messages, with their counts, while the suggestion itself names them all.
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
  it('takes every newsletter of several batches, and a list names the first of them with the counts', () => {
    const parts = memoryParts();
    const { sink } = aliceMailbox(parts);
    const total = 130;
    // Four batches, as a sync commits them: the card is revised after each.
    for (let start = 1; start <= total; start += 40) {
      const items = Array.from({ length: Math.min(40, total - start + 1) }, (_, i) => newsletter(start + i));
      sink.commit({ stream: 'INBOX', cursor: { uidValidity: '1', lastUid: start + items.length - 1 }, items });
      parts.scheduler.processPending();
    }

    const listed = parts.suggestions.list('open');
    expect(listed).toHaveLength(1);
    const card = listed[0];
    if (!card) throw new Error('no card');
    expect(card.title).toBe(`Archive ${total} newsletters`);
    expect(card.sourceCount).toBe(total);
    expect(card.sources).toHaveLength(LISTED_SOURCES);
    // Newest first, as the card shows them.
    expect(card.sources[0]?.subject).toBe(`Issue ${total}`);
    const preview = card.actions[0]?.preview;
    if (preview?.kind !== 'move') throw new Error('no move preview');
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
  });
});

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
