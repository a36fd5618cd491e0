/**
 * Where a Gmail account's sync stands, stored by the engine as opaque JSON per (account, stream)
 * and handed back on the next sync. Two phases:
 * - `full`: a first sync (or a resync) going through the message list. It remembers the history
 *   id taken before the listing began (so nothing that changes during a long listing is missed:
 *   history from there covers it), the page it is on and how far into that page it got, so a
 *   restart resumes there instead of starting over.
 * - `history`: caught up; the next sync asks Gmail's history for what changed after `historyId`.
 */
import { z } from 'zod';

export const gmailCursorSchema = z.discriminatedUnion('phase', [
  z.object({
    phase: z.literal('full'),
    startHistoryId: z.string().regex(/^\d+$/),
    /** The page being worked through; null for the first. */
    pageToken: z.string().nullable(),
    /** Messages of that page already handed on. */
    doneInPage: z.number().int().nonnegative(),
    /** Messages handed on since the full sync began, for progress. */
    done: z.number().int().nonnegative(),
  }),
  z.object({
    phase: z.literal('history'),
    historyId: z.string().regex(/^\d+$/),
  }),
]);
export type GmailCursor = z.infer<typeof gmailCursorSchema>;
export type FullSyncCursor = Extract<GmailCursor, { phase: 'full' }>;
export type HistoryCursor = Extract<GmailCursor, { phase: 'history' }>;

/** The larger of two history ids (decimal strings of up to 64 bits: compare as BigInt, not as numbers). */
export function laterHistoryId(a: string, b: string): string {
  return BigInt(a) >= BigInt(b) ? a : b;
}
