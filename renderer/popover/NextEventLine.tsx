import type { DayStatus } from '@shared/domain/calendar';
import { clockTime } from '../format/time';
import { useNow } from './use-now';

const MINUTE = 60_000;

/** "in 25 min", "in 1 h 40 min", or "Tue 10:00" beyond today. */
export function untilWords(startMs: number, nowMs: number): string {
  const minutes = Math.max(1, Math.ceil((startMs - nowMs) / MINUTE));
  if (minutes < 60) return `in ${minutes} min`;
  if (minutes < 12 * 60) return `in ${Math.floor(minutes / 60)} h${minutes % 60 === 0 ? '' : ` ${minutes % 60} min`}`;
  const start = new Date(startMs);
  const sameDay = start.toDateString() === new Date(nowMs).toDateString();
  const day = sameDay ? 'at' : start.toLocaleDateString(undefined, { weekday: 'short' });
  return `${day} ${clockTime(start.toISOString())}`;
}

/**
 * The user's day in one line under the status: "Next: Design review in 25 min", and "In a
 * meeting until 11:00" while one is under way (Steward holds its notifications then). Nothing
 * when no calendar is connected.
 */
export function NextEventLine({ day }: { day: DayStatus | null }) {
  const now = useNow(day !== null, 30_000);
  if (!day) return null;
  const startMs = day.next ? Date.parse(day.next.start) : null;
  const next = day.next && startMs !== null && startMs > now ? `Next: ${day.next.title} ${untilWords(startMs, now)}` : null;
  const meeting = day.inMeetingUntil && Date.parse(day.inMeetingUntil) > now ? `In a meeting until ${clockTime(day.inMeetingUntil)}: notifications wait` : null;
  const text = [meeting, next ?? (meeting ? null : 'Nothing else in your calendar for the next days')].filter(Boolean).join(' · ');
  return (
    <p className="status-line__summary status-line__next" aria-label="Your calendar">
      {text}
    </p>
  );
}
