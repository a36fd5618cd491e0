/**
 * Turns what happens into jobs, and nothing into nothing:
 *
 * - new mail (observations, read past the agent's own cursor) → triage batches;
 * - the heartbeat → a review, only when observations came that no review has seen;
 * - the user back after being away long enough → a digest;
 * - a routine's slot (the morning brief) → one brief, also when the slot passed while asleep;
 * - a meeting with other people starting soon (when a calendar provides them) → a brief.
 *
 * Every decision is a database read; the model is never called here. An idle Steward wakes now
 * and then, reads a counter or two, and goes back to sleep: zero tokens.
 */
import { parseSchedule } from '@shared/config/agent.js';
import type { AccountStore, StoredAccount } from '../../accounts/account-store.js';
import type { Clock } from '../../clock.js';
import type { ConfigStore } from '../../config/config-store.js';
import type { Db } from '../../db/database.js';
import { bulkSignals, isAutomated } from '../../detectors/mail-signals.js';
import { needsReply } from '../../detectors/needs-reply.js';
import type { MailItem } from '../../items/mail/mail-item.js';
import type { MailItemReader } from '../mail/mail-queries.js';
import type { CursorStore } from './cursors.js';
import type { JobStore } from './job-store.js';
import { draftJobKey } from './kinds/draft-reply.js';
import { REVIEW_CURSOR } from './kinds/review.js';
import { TRIAGE_BATCH } from './kinds/triage.js';
import type { MeetingSource } from './meetings.js';
import { dueSlot, nextSlot } from './routine-slots.js';
import type { TriageStore } from './triage-store.js';

/** Mail older than this when it is first seen (a first sync's history) is not triaged. */
export const TRIAGE_WINDOW_MS = 3 * 24 * 60 * 60_000;
/** A routine slot missed by more than this (days asleep) is skipped, not run late. */
export const ROUTINE_MAX_LATE_MS = 16 * 60 * 60_000;
const PLANNER_CURSOR = 'observations.planner';
const BRIEF_CURSOR = 'routine.morningBrief';
const PAGE = 2_000;

export interface JobPlannerDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly config: ConfigStore;
  readonly accounts: Pick<AccountStore, 'get' | 'list'>;
  readonly mailItems: MailItemReader;
  readonly triage: Pick<TriageStore, 'judgedKeys'>;
  readonly jobs: JobStore;
  readonly cursors: CursorStore;
  readonly timeZone: () => string;
  /** Whether the model can be asked at all (a key is set); without one, nothing is planned. */
  readonly modelEnabled: () => Promise<boolean>;
  readonly meetings: () => MeetingSource | null;
  /** Told when jobs were queued. */
  readonly onQueued: () => void;
}

interface ObservationRow {
  id: number;
  kind: string;
  account_id: string;
  item_id: string | null;
}

export class JobPlanner {
  constructor(private readonly deps: JobPlannerDeps) {}

  /** New observations since the planner last looked: triage batches for new mail that needs it. */
  async planObservations(): Promise<number> {
    const { db, cursors, jobs } = this.deps;
    const enabled = await this.deps.modelEnabled();
    let queued = 0;
    for (;;) {
      const from = Number(cursors.get(PLANNER_CURSOR) ?? '0');
      const rows = db.prepare('SELECT id, kind, account_id, item_id FROM observations WHERE id > ? ORDER BY id LIMIT ?').all(from, PAGE) as ObservationRow[];
      const last = rows.at(-1);
      if (!last) break;
      // Without a key nothing is queued, and the cursor still moves: mail that came while there
      // was no key is the detectors' alone.
      const { batches, replies } = enabled ? this.triageBatches(rows) : { batches: [], replies: [] };
      db.transaction(() => {
        for (const batch of batches) {
          if (jobs.enqueue({ kind: 'triage', payload: batch, dedupeKey: `triage:${batch.accountId}:${batch.itemIds[0] ?? ''}` }).created) queued += 1;
        }
        // A person asked the user something (the needs-reply detector's rule): the draft need not
        // wait for triage to say so, and comes one model call sooner.
        for (const reply of replies) {
          if (!jobs.everQueued(reply.dedupeKey) && jobs.enqueue({ kind: 'draft_reply', payload: { itemId: reply.itemId, because: 'asked' }, dedupeKey: reply.dedupeKey }).created) queued += 1;
        }
        cursors.set(PLANNER_CURSOR, String(last.id));
      })();
      if (rows.length < PAGE) break;
    }
    if (queued > 0) this.deps.onQueued();
    return queued;
  }

  /** The heartbeat: a review when observations came that no review has seen; otherwise nothing at all. */
  async heartbeat(): Promise<boolean> {
    const { db, cursors, jobs, config } = this.deps;
    if (config.get('agent.reviewEveryMinutes') === 0) return false;
    const reviewed = Number(cursors.get(REVIEW_CURSOR) ?? '-1');
    const head = (db.prepare('SELECT max(id) AS id FROM observations').get() as { id: number | null }).id ?? 0;
    if (reviewed < 0) {
      // First beat: what came before the agent existed is history, not news.
      cursors.set(REVIEW_CURSOR, String(head));
      return false;
    }
    if (head <= reviewed) return false;
    const active = jobs.activeByKey('review');
    const from = active ? (active.payload as { fromObservation: number }).fromObservation : reviewed;
    const itemIds = (
      db.prepare(`SELECT DISTINCT item_id FROM observations WHERE id > ? AND id <= ? AND kind IN ('item.new', 'item.changed') AND item_id IS NOT NULL ORDER BY id`).all(from, head) as {
        item_id: string;
      }[]
    ).map((row) => row.item_id);
    if (itemIds.length === 0) {
      // Only departures (mail archived elsewhere): nothing to look at.
      if (!active) cursors.set(REVIEW_CURSOR, String(head));
      return false;
    }
    if (!(await this.deps.modelEnabled())) {
      cursors.set(REVIEW_CURSOR, String(head));
      return false;
    }
    const payload = { fromObservation: from, toObservation: head, itemIds };
    if (active && active.state === 'queued') jobs.updatePayload(active.id, payload);
    else if (!active) jobs.enqueue({ kind: 'review', payload, dedupeKey: 'review' });
    else return false;
    this.deps.onQueued();
    return true;
  }

  /** The user is back after being away since `since`: a digest, if they were away long enough. */
  async returned(since: Date): Promise<boolean> {
    const minutes = this.deps.config.get('agent.digestAfterMinutes');
    const now = this.deps.clock.now();
    if (minutes === 0 || now.getTime() - since.getTime() < minutes * 60_000) return false;
    if (!(await this.deps.modelEnabled())) return false;
    const created = this.deps.jobs.enqueue({ kind: 'digest', payload: { since: since.toISOString(), until: now.toISOString() }, dedupeKey: `digest:${since.toISOString()}` }).created;
    if (created) this.deps.onQueued();
    return created;
  }

  /** The morning brief, once for its latest slot (also a slot missed while the machine slept). */
  async routines(): Promise<boolean> {
    const { config, cursors, clock } = this.deps;
    const text = config.get('routines.morningBrief');
    const parsed = text ? parseSchedule(text) : null;
    const now = clock.now();
    const last = cursors.get(BRIEF_CURSOR);
    if (!parsed?.ok) return false;
    if (last === null) {
      // A new routine starts with the next slot, not one that passed before it existed.
      cursors.set(BRIEF_CURSOR, now.toISOString());
      return false;
    }
    const slot = dueSlot(parsed.schedule, this.deps.timeZone(), now, new Date(last), ROUTINE_MAX_LATE_MS);
    if (!slot) return false;
    cursors.set(BRIEF_CURSOR, slot.toISOString());
    if (!(await this.deps.modelEnabled())) return false;
    const since = new Date(Math.max(Date.parse(last), slot.getTime() - 24 * 60 * 60_000));
    this.deps.jobs.enqueue({ kind: 'brief', payload: { slot: slot.toISOString(), since: since.toISOString() }, dedupeKey: `brief:${slot.toISOString()}` });
    this.deps.onQueued();
    return true;
  }

  /** Meetings with other people starting within the lead time: a brief each, once. */
  async meetings(): Promise<number> {
    const source = this.deps.meetings();
    const minutes = this.deps.config.get('agent.meetingPrepMinutes');
    if (!source || minutes === 0) return 0;
    const now = this.deps.clock.now();
    const soon = source.startingBetween(now, new Date(now.getTime() + minutes * 60_000)).filter((m) => m.attendees.length > 0);
    if (soon.length === 0 || !(await this.deps.modelEnabled())) return 0;
    let queued = 0;
    for (const meeting of soon) if (this.prepare(meeting)) queued += 1;
    if (queued > 0) this.deps.onQueued();
    return queued;
  }

  /** Queues a brief for one meeting (the calendar's trigger hook); false when it was queued before. */
  prepare(meeting: { eventItemId: string; accountId: string; title: string; startsAt: string; attendees: readonly string[] }): boolean {
    const key = `prep:${meeting.eventItemId}:${meeting.startsAt}`;
    if (this.deps.jobs.everQueued(key)) return false;
    return this.deps.jobs.enqueue({ kind: 'meeting_prep', payload: { ...meeting, attendees: [...meeting.attendees] }, dedupeKey: key }).created;
  }

  /** When the planner should look again by itself: the next routine slot (null: nothing scheduled). */
  nextRoutineAt(): Date | null {
    const text = this.deps.config.get('routines.morningBrief');
    const parsed = text ? parseSchedule(text) : null;
    return parsed?.ok ? nextSlot(parsed.schedule, this.deps.timeZone(), this.deps.clock.now()) : null;
  }

  /** New inbox mail worth a triage, per account, in batches; and the messages that plainly ask for a reply. */
  private triageBatches(rows: readonly ObservationRow[]): { batches: { accountId: string; itemIds: string[] }[]; replies: { itemId: string; dedupeKey: string }[] } {
    const byAccount = new Map<string, string[]>();
    for (const row of rows) {
      if (row.kind !== 'item.new' || !row.item_id) continue;
      byAccount.set(row.account_id, [...(byAccount.get(row.account_id) ?? []), row.item_id]);
    }
    const batches: { accountId: string; itemIds: string[] }[] = [];
    const replies: { itemId: string; dedupeKey: string }[] = [];
    const now = this.deps.clock.now();
    for (const [accountId, ids] of byAccount) {
      const account = this.deps.accounts.get(accountId);
      if (!account) continue;
      const mail = this.deps.mailItems.getMany(ids);
      const judged = this.deps.triage.judgedKeys(accountId, mail.map((m) => m.messageKey));
      const seen = new Set<string>();
      const wanted = mail.filter((item) => {
        if (seen.has(item.messageKey) || judged.has(item.messageKey) || !worthTriage(item, account, now)) return false;
        seen.add(item.messageKey);
        return true;
      });
      for (let i = 0; i < wanted.length; i += TRIAGE_BATCH) batches.push({ accountId, itemIds: wanted.slice(i, i + TRIAGE_BATCH).map((m) => m.id) });
      for (const item of wanted) if (needsReply(item, account, now)) replies.push({ itemId: item.id, dedupeKey: draftJobKey(item.messageKey) });
    }
    return { batches, replies };
  }
}

/**
 * Whether a new message is worth the model's time: in the inbox, recent, from someone else, and
 * written by a person (bulk and automated mail is the detectors' to sort, for free).
 */
export function worthTriage(item: MailItem, account: StoredAccount, now: Date): boolean {
  if (!item.present || !item.roles.includes('inbox')) return false;
  if (item.from.address.toLowerCase() === account.email.toLowerCase()) return false;
  if (now.getTime() - Date.parse(item.receivedAt) > TRIAGE_WINDOW_MS) return false;
  return bulkSignals(item).length === 0 && !isAutomated(item);
}
