/**
 * email.archive: move messages from INBOX to the archive folder; undo moves them back. Both
 * directions are idempotent (a retry after a crash finds the messages where they already are).
 */
import { z } from 'zod';
import { ApiError } from '@shared/api/errors.js';
import { plural } from '@shared/text/plural.js';
import { bindTicket, type Ticket } from '../../../gate/gate.js';
import type { ExecutionContext, Executor } from '../../types.js';
import { withAccountSession } from '../imap-session.js';
import { locateMessages, type MessageRef } from '../locate.js';
import { findMailbox } from '../mailboxes.js';
import { moveMessages } from '../imap-writer.js';
import { moveUndoData, reconcileMoveBack, type MoveUndoData } from './moved-back.js';

export const archiveArgs = z.object({
  mailbox: z.string().min(1),
  messages: z
    .array(z.object({ uid: z.number().int().positive(), uidValidity: z.string(), messageKey: z.string().min(1) }))
    .min(1),
});
export type ArchiveArgs = z.infer<typeof archiveArgs>;

const archiveUndo = moveUndoData;
type ArchiveUndo = MoveUndoData;

export const archiveExecutor: Executor<'imap'> = {
  capability: 'email.archive',

  async execute(granted: Ticket, rawArgs: unknown, context: ExecutionContext<'imap'>) {
    const ticket = bindTicket(granted, rawArgs, 'execute');
    const { account } = context;
    const args = archiveArgs.parse(rawArgs);
    return withAccountSession(context, ticket.signal, async (client) => {
      const target = await findMailbox(client, '\\Archive', account.settings.archiveMailbox);
      if (!target) {
        throw new ApiError(
          'not_found',
          account.settings.archiveMailbox
            ? `The archive folder "${account.settings.archiveMailbox}" does not exist on ${account.settings.host}. Choose another in Settings → Accounts.`
            : `${account.settings.host} has no archive folder. Create one named Archive in your mail program, or choose a folder in Settings → Accounts.`,
        );
      }
      const refs: MessageRef[] = args.messages.map((m) => ({ messageKey: m.messageKey, uid: m.uid, uidValidity: m.uidValidity }));

      const lock = await client.getMailboxLock(args.mailbox);
      let inSource: Map<string, number>;
      let moved: { uidMap: Map<number, number>; uidValidity: string | null } = { uidMap: new Map(), uidValidity: null };
      try {
        inSource = await locateMessages(client, refs);
        if (inSource.size > 0) moved = await moveMessages(ticket, 'email.archive', { client, accountId: account.id }, [...inSource.values()], target);
      } finally {
        lock.release();
      }

      // Messages not in the source may already be archived (a retry after a crash).
      const missing = refs.filter((ref) => !inSource.has(ref.messageKey));
      let alreadyThere = new Map<string, number>();
      let targetValidity = moved.uidValidity;
      if (missing.length > 0) {
        const targetLock = await client.getMailboxLock(target);
        try {
          alreadyThere = await locateMessages(client, missing.map((ref) => ({ ...ref, uid: null })));
          targetValidity ??= client.mailbox ? client.mailbox.uidValidity.toString() : null;
        } finally {
          targetLock.release();
        }
      }

      const done = [
        ...[...inSource].map(([messageKey, uid]) => ({ messageKey, uid: moved.uidMap.get(uid) ?? null })),
        ...[...alreadyThere].map(([messageKey, uid]) => ({ messageKey, uid })),
      ];
      if (done.length === 0) {
        throw new ApiError('conflict', `None of these messages are in ${args.mailbox} any more: they were moved or deleted elsewhere.`);
      }
      const gone = refs.length - done.length;
      const undo: ArchiveUndo = { fromMailbox: args.mailbox, toMailbox: target, toUidValidity: targetValidity, moved: done };
      return {
        summary: `Moved ${plural(done.length, 'message')} from ${args.mailbox} to ${target}` + (gone > 0 ? ` (${gone} had already left ${args.mailbox})` : ''),
        undo,
      };
    });
  },

  async reconcile(_actionId: string, rawArgs: unknown, context: ExecutionContext<'imap'>) {
    const { account } = context;
    const args = archiveArgs.parse(rawArgs);
    return withAccountSession(context, new AbortController().signal, async (client) => {
      const target = await findMailbox(client, '\\Archive', account.settings.archiveMailbox);
      if (!target) return null;
      const refs: MessageRef[] = args.messages.map((m) => ({ messageKey: m.messageKey, uid: m.uid, uidValidity: m.uidValidity }));
      const sourceLock = await client.getMailboxLock(args.mailbox);
      let stillThere: Map<string, number>;
      try {
        stillThere = await locateMessages(client, refs);
      } finally {
        sourceLock.release();
      }
      const left = refs.filter((ref) => !stillThere.has(ref.messageKey));
      if (left.length === 0) return null;
      const targetLock = await client.getMailboxLock(target);
      try {
        const arrived = await locateMessages(client, left.map((ref) => ({ ...ref, uid: null })));
        if (arrived.size === 0) return null;
        const undo: ArchiveUndo = {
          fromMailbox: args.mailbox,
          toMailbox: target,
          toUidValidity: client.mailbox ? client.mailbox.uidValidity.toString() : null,
          moved: [...arrived].map(([messageKey, uid]) => ({ messageKey, uid })),
        };
        return { summary: `Moved ${plural(arrived.size, 'message')} from ${args.mailbox} to ${target} (confirmed after an interruption)`, undo };
      } finally {
        targetLock.release();
      }
    });
  },

  reconcileUndo(_actionId: string, _args: unknown, rawUndo: unknown, context: ExecutionContext<'imap'>) {
    return reconcileMoveBack(rawUndo, context);
  },

  async undo(granted: Ticket, stepArgs: unknown, rawUndo: unknown, context: ExecutionContext<'imap'>) {
    const ticket = bindTicket(granted, stepArgs, 'undo');
    const { account } = context;
    const undo = archiveUndo.parse(rawUndo);
    return withAccountSession(context, ticket.signal, async (client) => {
      const lock = await client.getMailboxLock(undo.toMailbox);
      let found: Map<string, number>;
      try {
        found = await locateMessages(
          client,
          undo.moved.map((m) => ({ messageKey: m.messageKey, uid: m.uid, uidValidity: undo.toUidValidity })),
        );
      } catch (error) {
        lock.release();
        throw error;
      }
      if (found.size === 0) {
        lock.release();
        // An undo cut short after the server moved them back (a crash, a lost connection):
        // finding them home again means it is done, not that it failed.
        const home = await client.getMailboxLock(undo.fromMailbox);
        try {
          const back = await locateMessages(client, undo.moved.map((m) => ({ messageKey: m.messageKey, uid: null, uidValidity: null })));
          if (back.size > 0) return { summary: `The messages were already back in ${undo.fromMailbox}` };
        } finally {
          home.release();
        }
        throw new ApiError('conflict', `The messages are no longer in ${undo.toMailbox}, so there is nothing to move back.`);
      }
      try {
        await moveMessages(ticket, 'email.archive', { client, accountId: account.id }, [...found.values()], undo.fromMailbox);
        const gone = undo.moved.length - found.size;
        return {
          summary:
            `Moved ${plural(found.size, 'message')} back to ${undo.fromMailbox}` +
            (gone > 0 ? ` (${gone} had already left ${undo.toMailbox})` : ''),
        };
      } finally {
        lock.release();
      }
    });
  },
};
