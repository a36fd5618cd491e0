/**
 * The interruption policy at work: gathers the facts (settings, presence, the pause, the
 * calendar, how many notifications went out this hour), asks the pure policy, records its
 * decision on the suggestion, and when the user comes back sums up what waited for them.
 */
import type { EngineMode, Interruption, InterruptionEntry, PresenceState, SuggestionStatus, Urgency } from '@shared/domain/types.js';
import type { Clock } from '../clock.js';
import type { ConfigStore } from '../config/config-store.js';
import type { Db } from '../db/database.js';
import type { EventBus } from '../event-bus.js';
import type { KillSwitch } from '../gate/kill-switch.js';
import type { Presence } from '../presence/presence.js';
import { decideInterruption, minuteOfDayIn, type InterruptionVerdict } from './policy.js';

export interface InterruptionsDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly config: ConfigStore;
  readonly presence: Presence;
  readonly killSwitch: KillSwitch;
  readonly events: EventBus;
  readonly mode: EngineMode;
  /** Whether the user's calendar says they are in a meeting now (false until a calendar is connected). */
  readonly inMeeting: () => boolean;
}

const AWAY: readonly PresenceState[] = ['idle', 'locked', 'suspended'];
const HOUR_MS = 60 * 60_000;

export class Interruptions {
  private awaySince: string | null = null;

  constructor(private readonly deps: InterruptionsDeps) {
    deps.presence.onReport((_report, state) => this.presenceChanged(state));
  }

  /** Decides for a new suggestion and records it there. Returns whether to notify now. */
  decideFor(suggestionId: string, urgency: Urgency): InterruptionVerdict {
    const verdict = this.decide(urgency);
    const record: Interruption = {
      decision: verdict.notify ? 'notified' : 'held',
      hold: verdict.notify ? null : verdict.hold,
      reason: verdict.reason,
      at: this.deps.clock.now().toISOString(),
    };
    this.deps.db.prepare('UPDATE suggestions SET interruption_json = ? WHERE id = ?').run(JSON.stringify(record), suggestionId);
    return verdict;
  }

  /** The latest decisions, newest first: the popover's Interruptions tab. */
  recent(limit: number): InterruptionEntry[] {
    const rows = this.deps.db
      .prepare(
        `SELECT id, title, urgency, status, interruption_json FROM suggestions WHERE interruption_json IS NOT NULL
         ORDER BY json_extract(interruption_json, '$.at') DESC LIMIT ?`,
      )
      .all(limit) as { id: string; title: string; urgency: Urgency; status: SuggestionStatus; interruption_json: string }[];
    return rows.map((row) => ({
      suggestionId: row.id,
      title: row.title,
      urgency: row.urgency,
      status: row.status,
      ...(JSON.parse(row.interruption_json) as Interruption),
    }));
  }

  private decide(urgency: Urgency): InterruptionVerdict {
    const { config, clock } = this.deps;
    const now = clock.now();
    return decideInterruption({
      urgency,
      paused: this.deps.killSwitch.paused,
      away: this.away(),
      minUrgency: config.get('interruptions.minUrgency'),
      quietHours: config.get('interruptions.quietHours'),
      minuteOfDay: minuteOfDayIn(now, config.get('user.timeZone')),
      inMeeting: this.deps.inMeeting(),
      perHour: config.get('interruptions.perHour'),
      notifiedLastHour: this.notifiedSince(new Date(now.getTime() - HOUR_MS).toISOString()),
    });
  }

  private away(): boolean {
    if (this.deps.mode === 'host') return this.deps.config.get('presence.host') === 'away' || AWAY.includes(this.deps.presence.current);
    return AWAY.includes(this.deps.presence.current);
  }

  private notifiedSince(iso: string): number {
    const row = this.deps.db
      .prepare(
        `SELECT count(*) AS n FROM suggestions WHERE interruption_json IS NOT NULL
         AND json_extract(interruption_json, '$.at') >= ? AND json_extract(interruption_json, '$.decision') = 'notified'`,
      )
      .get(iso) as { n: number };
    return row.n;
  }

  private presenceChanged(state: PresenceState): void {
    if (AWAY.includes(state)) {
      this.awaySince ??= this.deps.clock.now().toISOString();
      return;
    }
    const since = this.awaySince;
    this.awaySince = null;
    if (!since) return;
    const waiting = this.deps.db
      .prepare(
        `SELECT id, title FROM suggestions WHERE status = 'pending' AND interruption_json IS NOT NULL
         AND json_extract(interruption_json, '$.hold') = 'away' AND json_extract(interruption_json, '$.at') >= ?
         ORDER BY json_extract(interruption_json, '$.at')`,
      )
      .all(since) as { id: string; title: string }[];
    if (waiting.length === 0) return;
    this.deps.events.emit({
      type: 'interruptions.summary',
      count: waiting.length,
      suggestionIds: waiting.map((w) => w.id),
      titles: waiting.map((w) => w.title),
      since,
    });
  }
}
