/**
 * `npm run bench`: what the engine costs. Printed, not asserted.
 *  - detectors over new mail (pure, per message)
 *  - taking in a sync batch: store, observe, detect, propose (SQLite on disk, WAL)
 *  - the ledger: one append, and verifying a long chain
 *  - the brake: from pause() to every running step's signal aborted and the state on disk
 *  - memory of an engine holding a large inbox
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { systemClock } from '../electron/engine/clock.js';
import { composeEngine } from '../electron/engine/compose.js';
import { openDatabase } from '../electron/engine/db/database.js';
import { isNewsletter } from '../electron/engine/detectors/newsletters.js';
import { needsReply } from '../electron/engine/detectors/needs-reply.js';
import type { MailItem, NewMailItem } from '../electron/engine/items/mail/mail-item.js';
import { engineSchema } from '../electron/engine/schema.js';
import { MemorySecretStore } from '../electron/engine/secrets/memory-secret-store.js';
import { createItemSink } from '../electron/engine/sync/ingest.js';
import { measure, report, reportMemory } from './measure.js';
import { syntheticMail } from './synthetic-mail.js';

/** The engine as composeEngine builds it, without watchers: what a sync batch costs in the engine itself. */
function engineParts(dir: string) {
  const db = openDatabase(join(dir, 'steward.db'), engineSchema());
  const parts = composeEngine({ db, clock: systemClock, secrets: new MemorySecretStore(), mode: 'host', watch: false });
  const account = parts.accounts.insert({
    kind: 'imap',
    email: 'alice@example.test',
    displayName: 'Alice',
    settings: { host: '127.0.0.1', port: 143, tls: false, username: 'alice', archiveMailbox: null },
  });
  const mail = parts.stores.mail;
  if (!mail) throw new Error('no mail store');
  const sink = createItemSink<NewMailItem, MailItem>(parts.ingest, account.id, mail as never);
  return { ...parts, account, sink };
}

/** What the detectors see: a stored message. */
function asStored(item: NewMailItem, accountId: string, i: number): MailItem {
  return { ...item, id: `m${i}`, accountId, present: true, threadKey: item.messageKey };
}

it('engine benchmarks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'steward-bench-'));
  try {
    report(`\nSteward engine benchmarks (Node ${process.version}, ${process.platform}/${process.arch})\n`);
    const parts = engineParts(dir);
    const account = { ...parts.account };
    const mail = syntheticMail(1000, 1).map((item, i) => asStored(item, account.id, i));
    const now = new Date();

    await measure('detectors: classify 1,000 new messages', 50, () => {
      for (const item of mail) if (!isNewsletter(item)) needsReply(item, account, now);
    }, { count: 1000, noun: 'messages' });

    let uid = 100_000;
    const present = new Set<string>();
    await measure('ingest: store + detect + propose a sync batch of 50', 40, () => {
      const batch = syntheticMail(50, uid);
      uid += 50;
      for (const m of batch) present.add(m.externalId);
      parts.sink.commit({ stream: 'INBOX', cursor: { uidValidity: '1', lastUid: uid }, items: batch, presentExternalIds: present });
      parts.scheduler.processPending();
    }, { count: 50, noun: 'messages' });
    report(`  → open suggestions now: ${parts.suggestions.countPending().toLocaleString('en')} (one newsletter digest, one per question)`);

    await measure('ingest: first sync of 200 messages (initial window)', 10, (i) => {
      const batch = syntheticMail(200, 1_000_000 + i * 1000, 'bench', `fresh-${i}`);
      parts.sink.commit({ stream: 'INBOX', cursor: { uidValidity: `fresh-${i}`, lastUid: 0 }, items: batch, presentExternalIds: new Set(batch.map((m) => m.externalId)) });
      parts.scheduler.processPending();
    }, { count: 200, noun: 'messages' });

    await measure('ledger: append one entry (hash-chained, WAL)', 2000, (i) => {
      parts.ledger.append({ kind: 'gate.asked', actor: 'bench', summary: `entry ${i}`, detail: { i } });
    }, { count: 1, noun: 'entries' });

    const entries = (await parts.ledger.verify()).checked;
    await measure(`ledger: verify the whole chain (${entries.toLocaleString('en')} entries)`, 5, () => parts.ledger.verify(), {
      count: entries,
      noun: 'entries',
    });

    // The ledger viewer at 100,000 entries: pages come from the engine, filtered there.
    const actors = ['user:ui', 'user:cli', 'engine', 'detector:newsletters', 'breaker'] as const;
    const kinds = ['gate.asked', 'gate.allowed', 'gate.refused', 'action.executed', 'suggestion.approved'] as const;
    parts.ledger.atomically(() => {
      for (let i = entries; i < 100_000; i++) {
        parts.ledger.append({ kind: kinds[i % kinds.length] ?? 'gate.asked', actor: actors[i % 7 % actors.length] ?? 'engine', summary: `entry ${i}`, capability: i % 3 ? 'email.archive' : 'email.send' });
      }
    });
    const total = (parts.db.prepare('SELECT count(*) AS n FROM ledger').get() as { n: number }).n;
    await measure(`ledger viewer: newest page of 200 (${total.toLocaleString('en')} entries)`, 50, () => parts.ledger.list({ limit: 200 }));
    await measure('ledger viewer: a page filtered by decision, actor and capability', 50, () =>
      parts.ledger.list({ limit: 200, decision: 'refused', actor: 'user', capability: 'email.send' }),
    );
    const middle = Math.floor(total / 2);
    await measure('ledger viewer: an older page, from the middle', 50, () => parts.ledger.list({ limit: 200, beforeSeq: middle, actor: 'engine' }));
    await measure('ledger viewer: a page matching almost nothing (the breaker refusing a send)', 20, () =>
      parts.ledger.list({ limit: 200, actor: 'breaker', decision: 'refused', capability: 'email.send' }),
    );

    await measure('kill switch: pause() until signals aborted and persisted', 500, () => {
      const signal = parts.killSwitch.signal;
      parts.killSwitch.pause('bench');
      if (!signal.aborted) throw new Error('the signal was not aborted');
      parts.killSwitch.resume();
    });

    reportMemory(`memory after ${(await parts.db.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n.toLocaleString('en')} stored messages`);
    const byStatus = parts.db.prepare('SELECT kind, status, count(*) AS n FROM suggestions GROUP BY kind, status').all() as { kind: string; status: string; n: number }[];
    report(`suggestions made: ${byStatus.map((r) => `${r.n} ${r.kind} ${r.status}`).join(', ')}`);
    parts.scheduler.stop();
    parts.db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 300_000);
