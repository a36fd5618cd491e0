/**
 * What one listing of a calendar changes in what Steward holds of it. Pure.
 *
 * - An incremental listing (from a sync token) holds only what changed: each event is new or
 *   replaces its stored version, and a cancelled series master takes its whole series with it.
 * - A full listing holds everything in the window: whatever Steward held and the listing lacks is
 *   gone. This is also how changes are found on a server that gives no sync token (the Google
 *   emulator the tests run against), at the cost of listing the window on every check.
 */
import { seriesIdOf, type GoogleEvent } from './google-event.js';

export interface Listing {
  readonly mode: 'incremental' | 'full';
  readonly events: readonly GoogleEvent[];
}

export interface ListingChanges {
  readonly put: readonly GoogleEvent[];
  readonly removeEventIds: readonly string[];
  /** Series to remove whole (their master was cancelled or deleted). */
  readonly removeSeries: readonly string[];
  /** Series whose stored object must be rebuilt from what is left. */
  readonly affectedSeries: readonly string[];
}

export function listingChanges(stored: ReadonlyMap<string, GoogleEvent>, listing: Listing): ListingChanges {
  const put: GoogleEvent[] = [];
  const removeEventIds: string[] = [];
  const removeSeries = new Set<string>();
  const affected = new Set<string>();
  const listed = new Set<string>();
  for (const event of listing.events) {
    if (!event.id) continue;
    listed.add(event.id);
    const series = seriesIdOf(event);
    const isMaster = !event.recurringEventId;
    if (isMaster && event.status === 'cancelled') {
      if ([...stored.values()].some((known) => seriesIdOf(known) === series)) removeSeries.add(series);
      affected.add(series);
      continue;
    }
    const before = stored.get(event.id);
    if (before && JSON.stringify(before) === JSON.stringify(event)) continue;
    put.push(event);
    affected.add(series);
  }
  if (listing.mode === 'full') {
    for (const [id, event] of stored) {
      if (listed.has(id)) continue;
      removeEventIds.push(id);
      affected.add(seriesIdOf(event));
    }
  }
  return { put, removeEventIds, removeSeries: [...removeSeries], affectedSeries: [...affected] };
}
