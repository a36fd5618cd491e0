/**
 * Whether an undo of a move (archive, move, trash) took effect: none of the moved messages is
 * left in the folder they were moved to, and they are back in the folder they came from. Looks
 * only, so it is safe after a crash: it tells the runner whether an undo cut short had happened.
 */
import { z } from 'zod';
import { plural } from '@shared/text/plural.js';
import type { ExecutionContext } from '../../types.js';
import { withAccountSession } from '../imap-session.js';
import { locateMessages } from '../locate.js';

/** What a move's execute leaves for undo (archive and the move executors share it). */
export const moveUndoData = z.object({
  fromMailbox: z.string(),
  toMailbox: z.string(),
  toUidValidity: z.string().nullable(),
  moved: z.array(z.object({ messageKey: z.string(), uid: z.number().int().nullable() })),
});
export type MoveUndoData = z.infer<typeof moveUndoData>;

export async function reconcileMoveBack(rawUndo: unknown, context: ExecutionContext<'imap'>): Promise<{ summary: string } | null> {
  const undo = moveUndoData.parse(rawUndo);
  return withAccountSession(context, new AbortController().signal, async (client) => {
    const inTarget = await inMailbox(client, undo.toMailbox, undo.moved.map((m) => ({ messageKey: m.messageKey, uid: m.uid, uidValidity: undo.toUidValidity })));
    if (inTarget > 0) return null;
    const home = await inMailbox(client, undo.fromMailbox, undo.moved.map((m) => ({ messageKey: m.messageKey, uid: null, uidValidity: null })));
    if (home === 0) return null;
    return { summary: `Moved ${plural(home, 'message')} back to ${undo.fromMailbox} (confirmed after an interruption)` };
  });
}

async function inMailbox(client: Parameters<typeof locateMessages>[0], mailbox: string, refs: Parameters<typeof locateMessages>[1]): Promise<number> {
  const lock = await client.getMailboxLock(mailbox, { readOnly: true });
  try {
    return (await locateMessages(client, refs)).size;
  } finally {
    lock.release();
  }
}
