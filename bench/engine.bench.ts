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
import { ActionStore } from '../electron/engine/actions/action-store.js';
import { AccountStore } from '../electron/engine/accounts/account-store.js';
import { systemClock } from '../electron/engine/clock.js';
import { openDatabase } from '../electron/engine/db/database.js';
import { SettingsStore } from '../electron/engine/db/settings.js';
import { isNewsletter } from '../electron/engine/detectors/newsletters.js';
import { needsReply } from '../electron/engine/detectors/needs-reply.js';
import { EventBus } from '../electron/engine/event-bus.js';
import { Gate } from '../electron/engine/gate/gate.js';
import { GrantStore } from '../electron/engine/gate/grants.js';
import { KillSwitch } from '../electron/engine/gate/kill-switch.js';
import { ItemStore } from '../electron/engine/items/item-store.js';
import { Ledger } from '../electron/engine/ledger/ledger.js';
import { ObservationQueue } from '../electron/engine/scheduler/observations.js';
import { Scheduler } from '../electron/engine/scheduler/scheduler.js';
import { Proposer } from '../electron/engine/suggestions/proposer.js';
import { SuggestionStore } from '../electron/engine/suggestions/suggestion-store.js';
import { measure, report, reportMemory } from './measure.js';
import { syntheticMail } from './synthetic-mail.js';

function engineParts(dir: string) {
  const clock = systemClock;
  const db = openDatabase(join(dir, 'steward.db'));
  const events = new EventBus();
  const settings = new SettingsStore(db);
  const ledger = new Ledger(db, settings, clock, events);
  const killSwitch = new KillSwitch(settings, clock);
  const gate = new Gate(new GrantStore(db, clock), killSwitch, ledger, clock);
  const accounts = new AccountStore(db, clock);
  const actions = new ActionStore(db, clock);
  const suggestions = new SuggestionStore(db, actions, clock);
  const items = new ItemStore(db, clock);
  const scheduler = new Scheduler({
    db,
    clock,
    accounts,
    items,
    observations: new ObservationQueue(db, clock),
    suggestions,
    proposer: new Proposer(db, suggestions, actions, gate, events, () => false),
    runAllowed: () => undefined,
  });
  const account = accounts.insert({
    kind: 'imap',
    email: 'alice@example.test',
    displayName: 'Alice',
    host: '127.0.0.1',
    port: 143,
    tls: false,
    username: 'alice',
    archiveMailbox: null,
  });
  return { db, ledger, killSwitch, gate, scheduler, suggestions, account };
}

it('engine benchmarks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'steward-bench-'));
  try {
    report(`\nSteward engine benchmarks (Node ${process.version}, ${process.platform}/${process.arch})\n`);
    const parts = engineParts(dir);
    const account = { ...parts.account };
    const mail = syntheticMail(1000, 1, account.id);
    const now = new Date();

    await measure('detectors: classify 1,000 new messages', 50, () => {
      for (const item of mail) if (!isNewsletter(item)) needsReply(item, account, now);
    }, { count: 1000, noun: 'messages' });

    let uid = 100_000;
    const present = new Set<number>();
    await measure('ingest: store + detect + propose a sync batch of 50', 40, () => {
      const batch = syntheticMail(50, uid, account.id);
      uid += 50;
      for (const m of batch) present.add(m.uid);
      parts.scheduler.ingest(account.id, 'INBOX', { uidValidity: '1', lastUid: uid }, batch, present);
      parts.scheduler.processPending();
    }, { count: 50, noun: 'messages' });
    report(`  → open suggestions now: ${parts.suggestions.countPending().toLocaleString('en')} (one newsletter digest, one per question)`);

    await measure('ingest: first sync of 200 messages (initial window)', 10, (i) => {
      const batch = syntheticMail(200, 1_000_000 + i * 1000, account.id);
      parts.scheduler.ingest(account.id, 'INBOX', { uidValidity: `fresh-${i}`, lastUid: 0 }, batch, new Set(batch.map((m) => m.uid)));
      parts.scheduler.processPending();
    }, { count: 200, noun: 'messages' });

    await measure('ledger: append one entry (hash-chained, WAL)', 2000, (i) => {
      parts.ledger.append({ kind: 'gate.asked', actor: 'bench', summary: `entry ${i}`, detail: { i } });
    }, { count: 1, noun: 'entries' });

    const entries = parts.ledger.verify().checked;
    await measure(`ledger: verify the whole chain (${entries.toLocaleString('en')} entries)`, 5, () => parts.ledger.verify(), {
      count: entries,
      noun: 'entries',
    });

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
