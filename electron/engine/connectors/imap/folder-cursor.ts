/**
 * Where one folder's sync stands, and the pure decisions about it.
 *
 * UIDs only grow, so "everything from takenFrom to lastUid is in" is the whole state of an
 * incremental sync. The history is taken newest first, below takenFrom, down to a floor (UID 1,
 * or the first message inside the chosen number of days); each slice moves takenFrom down and
 * is stored with the items it brought, so a restart resumes where it stopped.
 */
import { z } from 'zod';
import type { MailRole } from '../../items/mail/index.js';

const uid = z.number().int().min(0);

export const folderCursor = z.object({
  uidValidity: z.string(),
  /** The newest UID taken in. */
  lastUid: uid,
  /** The oldest UID of the taken range; absent on cursors from before history (INBOX's newest 200). */
  takenFrom: uid.optional(),
  /** What the folder held at the last sync: tells whether anything was expunged since. */
  exists: uid.optional(),
  uidNext: uid.optional(),
  /** HIGHESTMODSEQ at the last sync (CONDSTORE), as a decimal string. */
  modseq: z.string().regex(/^\d+$/).optional(),
  /** The history window (historyDays, 0 = everything) the history was taken for; absent on older cursors. See history-window.ts. */
  window: uid.optional(),
  /** The history still to take, UIDs floor to takenFrom - 1; null or absent once taken. */
  history: z
    .object({
      floor: uid,
      total: uid,
      done: uid,
      /** `resync`: the folder was renumbered (UIDVALIDITY changed) and is read again. */
      phase: z.enum(['history', 'resync']),
    })
    .nullable()
    .optional(),
});
export type FolderCursor = z.infer<typeof folderCursor>;

/** The source id of a message in a folder: UIDs mean nothing across a UIDVALIDITY change. */
export function externalIdOf(uidValidity: string, uid: number): string {
  return `${uidValidity}:${uid}`;
}

export function parseExternalId(externalId: string): { uidValidity: string; uid: number } | null {
  const match = /^(.+):(\d+)$/.exec(externalId);
  return match?.[1] && match[2] ? { uidValidity: match[1], uid: Number(match[2]) } : null;
}

/** How much of a folder's past the first sync takes. */
export type HistoryScope = { readonly kind: 'all' } | { readonly kind: 'since'; readonly date: Date } | { readonly kind: 'none' };

/**
 * Everything by default, or the last `historyDays` days; Trash and Junk keep no history (only
 * what lands there from now on), since nothing in them asks for the user's attention.
 */
export function historyScope(role: MailRole | null, historyDays: number | undefined, now: Date): HistoryScope {
  if (role === 'trash' || role === 'junk') return { kind: 'none' };
  if (!historyDays) return { kind: 'all' };
  return { kind: 'since', date: new Date(now.getTime() - historyDays * 86_400_000) };
}

/** The next history slice: the highest `size` UIDs below takenFrom, not below the floor. Null when done. */
export function nextSlice(cursor: FolderCursor, size: number): { readonly from: number; readonly to: number } | null {
  const history = cursor.history;
  const takenFrom = cursor.takenFrom ?? 1;
  if (!history || takenFrom <= history.floor) return null;
  return { from: Math.max(history.floor, takenFrom - size), to: takenFrom - 1 };
}

/**
 * Whether messages left the folder since the last sync, from the counts alone: it held
 * `before`, `added` came in above the old top, `reported` were reported gone (QRESYNC). If the
 * count still does not add up, something left unreported and the taken range is listed.
 */
export function countsAddUp(before: number | undefined, added: number, reported: number, now: number): boolean {
  return before !== undefined && before + added - reported === now;
}

/** Nothing to do when the folder is as it was: same next UID, same count, same modseq. */
export function unchanged(cursor: FolderCursor, status: { readonly uidNext?: number | undefined; readonly messages?: number | undefined; readonly highestModseq?: bigint | undefined }): boolean {
  if (cursor.history) return false;
  if (status.uidNext === undefined || status.messages === undefined) return false;
  if (cursor.uidNext !== status.uidNext || cursor.exists !== status.messages) return false;
  return status.highestModseq === undefined || cursor.modseq === status.highestModseq.toString();
}
