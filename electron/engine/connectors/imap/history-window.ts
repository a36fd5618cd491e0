/**
 * How far back a folder's history reaches when the user changes `historyDays` after the folder
 * was read. The cursor records the window its history was taken for; when the account's window
 * grows, the older messages skipped before become history still to take (the same resumable,
 * newest-first slices as a first sync); when it shrinks, what is in stays, nothing is fetched, and
 * a history still under way stops at the new edge.
 */
import type { ImapFlow } from 'imapflow';
import type { MailRole } from '../../items/mail/index.js';
import { historyScope, type FolderCursor } from './folder-cursor.js';

/** The account's history window in days, as cursors record it: 0 means everything. */
export function windowDays(historyDays: number | undefined): number {
  return historyDays ?? 0;
}

/**
 * Whether the folder may hold wanted messages older than what was taken: the window grew (a
 * number of days to more days, or to everything), or the cursor predates recorded windows
 * (checked once, then recorded).
 */
export function reachesFurther(taken: number | undefined, wanted: number): boolean {
  if (taken === undefined) return true;
  if (taken === 0) return false;
  return wanted === 0 || wanted > taken;
}

/** Whether the cursor was taken for another window than the account's now (the folder must be looked at). */
export function windowChanged(cursor: FolderCursor, historyDays: number | undefined): boolean {
  return cursor.window !== windowDays(historyDays);
}

/**
 * The cursor with the history still to take set to `older`: every UID below takenFrom the new
 * window wants. A wider window reaches further down; a narrower one stops a history under way
 * at its edge (what is in stays). Either way what was done is kept.
 */
export function rebaseHistory(cursor: FolderCursor, older: readonly number[], window: number): FolderCursor {
  if (older.length === 0) return { ...cursor, window, history: null };
  const floor = older.reduce((min, uid) => Math.min(min, uid), Number.MAX_SAFE_INTEGER);
  const done = cursor.history?.done ?? 0;
  return { ...cursor, window, history: { floor, total: done + older.length, done, phase: cursor.history?.phase ?? 'history' } };
}

export interface WindowContext {
  readonly client: ImapFlow;
  readonly role: MailRole | null;
  readonly historyDays: number | undefined;
  readonly now: Date;
}

/**
 * Fits an already-read folder's cursor to the account's current window. Returns the cursor
 * unchanged when the window is the one it was taken for; the caller stores whatever it returns.
 */
export async function fitHistoryWindow(context: WindowContext, cursor: FolderCursor): Promise<FolderCursor> {
  const wanted = windowDays(context.historyDays);
  if (cursor.window === wanted) return cursor;
  const takenFrom = cursor.takenFrom ?? 1;
  const scope = historyScope(context.role, context.historyDays, context.now);
  // Narrower, with the history under way: it stops at the new edge rather than fetch what is no longer wanted.
  const stopsEarlier = cursor.history && scope.kind === 'since';
  if ((!reachesFurther(cursor.window, wanted) && !stopsEarlier) || scope.kind === 'none' || takenFrom <= 1) return { ...cursor, window: wanted };
  // One search, only when the window changed: the UIDs below what was taken that the window now wants.
  const below = { uid: `1:${takenFrom - 1}` };
  const found = (await context.client.search(scope.kind === 'since' ? { ...below, since: scope.date } : below, { uid: true })) || [];
  return rebaseHistory(cursor, found.filter((uid) => uid < takenFrom), wanted);
}
