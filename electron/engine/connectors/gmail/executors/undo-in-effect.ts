/**
 * Whether an undo of a label change or a trash is in effect on Gmail, from the messages' labels
 * as Gmail shows them now. Pure: the runner asks at start-up about an undo the last process died
 * in, and records it undone only when every message still in Gmail is back as it was.
 */
import type { GmailLabelState } from '../gmail-message.js';

export interface LabelRevert {
  readonly gmailId: string;
  /** Labels execute added (undo takes them off)… */
  readonly added: readonly string[];
  /** …and took off (undo puts them back). */
  readonly removed: readonly string[];
}

/**
 * How many messages are back as they were; null unless all of them that Gmail still holds are
 * (a half-done undo stays done, and Undo can be tried again: it is idempotent).
 */
export function revertedCount(reverts: readonly LabelRevert[], now: readonly GmailLabelState[]): number | null {
  const labels = new Map(now.map((state) => [state.gmailId, state.labelIds]));
  let back = 0;
  for (const revert of reverts) {
    const current = labels.get(revert.gmailId);
    if (!current) continue;
    const reverted = revert.added.every((label) => !current.includes(label)) && revert.removed.every((label) => current.includes(label));
    if (!reverted) return null;
    back += 1;
  }
  return back > 0 ? back : null;
}

/** A trash undone: out of TRASH, with the labels trashing took (the Inbox) back on. */
export function untrashedCount(trashed: readonly { readonly gmailId: string; readonly lostLabels: readonly string[] }[], now: readonly GmailLabelState[]): number | null {
  return revertedCount(trashed.map((m) => ({ gmailId: m.gmailId, added: ['TRASH'], removed: m.lostLabels })), now);
}
