/**
 * Steps that move messages to another folder (email.move, email.trash), with undo that moves
 * them back and a reconcile that finds them where a cut-short move left them. Both directions
 * are idempotent: a retry finds the messages where they already are. Nothing here deletes:
 * Trash is a folder like any other, and undo works for as long as Trash keeps the message.
 */
import type { ImapFlow } from 'imapflow';
import { z } from 'zod';
import { ApiError } from '@shared/api/errors.js';
import type { CapabilityId } from '@shared/domain/capabilities.js';
import { plural } from '@shared/text/plural.js';
import type { StoredAccount } from '../../../accounts/account-store.js';
import { bindTicket, type Ticket } from '../../../gate/gate.js';
import type { ExecutionContext, ExecutionOutcome, Executor } from '../../types.js';
import { withAccountSession } from '../imap-session.js';
import { moveMessages } from '../imap-writer.js';
import { locateMessages, type MessageRef } from '../locate.js';
import { messageRefs } from './message-refs.js';
import { moveUndoData, reconcileMoveBack, type MoveUndoData } from './moved-back.js';

export const moveArgs = z.object({
  mailbox: z.string().min(1),
  /** The folder to move to (email.move); email.trash finds the account's Trash itself. */
  toMailbox: z.string().min(1).optional(),
  messages: messageRefs,
});
export type MoveArgs = z.infer<typeof moveArgs>;

const moveUndo = moveUndoData;
type MoveUndo = MoveUndoData;

export interface MoveSpec {
  readonly capability: CapabilityId;
  /** The folder the messages go to; throws an ApiError in words when there is none. */
  target(client: ImapFlow, args: MoveArgs, account: StoredAccount<'imap'>): Promise<string>;
  /** Why undo cannot find the messages where they were moved to. */
  readonly goneFromTarget: (target: string) => string;
}

export function moveExecutor(spec: MoveSpec): Executor<'imap'> {
  return {
    capability: spec.capability,

    async execute(granted: Ticket, rawArgs: unknown, context: ExecutionContext<'imap'>) {
    const ticket = bindTicket(granted, rawArgs, 'execute');
      const args = moveArgs.parse(rawArgs);
      const { account } = context;
      return withAccountSession(context, ticket.signal, async (client) => {
        const target = await spec.target(client, args, account);
        if (target === args.mailbox) throw new ApiError('invalid_input', `The messages are already in ${target}.`);
        const refs = refsOf(args);
        const lock = await client.getMailboxLock(args.mailbox);
        let inSource: Map<string, number>;
        let moved: { uidMap: Map<number, number>; uidValidity: string | null } = { uidMap: new Map(), uidValidity: null };
        try {
          inSource = await locateMessages(client, refs);
          if (inSource.size > 0) moved = await moveMessages(ticket, spec.capability, { client, accountId: account.id }, [...inSource.values()], target);
        } finally {
          lock.release();
        }
        // Messages not in the source may already be in the target (a retry after a crash).
        const missing = refs.filter((ref) => !inSource.has(ref.messageKey));
        const arrived = missing.length > 0 ? await locateIn(client, target, missing) : { found: new Map<string, number>(), uidValidity: null };
        const done = [
          ...[...inSource].map(([messageKey, uid]) => ({ messageKey, uid: moved.uidMap.get(uid) ?? null })),
          ...[...arrived.found].map(([messageKey, uid]) => ({ messageKey, uid })),
        ];
        if (done.length === 0) throw new ApiError('conflict', `None of these messages are in ${args.mailbox} any more: they were moved or deleted elsewhere.`);
        const undo: MoveUndo = { fromMailbox: args.mailbox, toMailbox: target, toUidValidity: moved.uidValidity ?? arrived.uidValidity, moved: done };
        const gone = refs.length - done.length;
        return {
          summary: `Moved ${plural(done.length, 'message')} from ${args.mailbox} to ${target}` + (gone > 0 ? ` (${gone} had already left ${args.mailbox})` : ''),
          undo,
        };
      });
    },

    async reconcile(_actionId: string, rawArgs: unknown, context: ExecutionContext<'imap'>): Promise<ExecutionOutcome | null> {
      const args = moveArgs.parse(rawArgs);
      return withAccountSession(context, new AbortController().signal, async (client) => {
        let target: string;
        try {
          target = await spec.target(client, args, context.account);
        } catch {
          return null;
        }
        const refs = refsOf(args);
        const source = await client.getMailboxLock(args.mailbox);
        let stillThere: Map<string, number>;
        try {
          stillThere = await locateMessages(client, refs);
        } finally {
          source.release();
        }
        const left = refs.filter((ref) => !stillThere.has(ref.messageKey));
        if (left.length === 0) return null;
        const arrived = await locateIn(client, target, left);
        if (arrived.found.size === 0) return null;
        const undo: MoveUndo = {
          fromMailbox: args.mailbox,
          toMailbox: target,
          toUidValidity: arrived.uidValidity,
          moved: [...arrived.found].map(([messageKey, uid]) => ({ messageKey, uid })),
        };
        return { summary: `Moved ${plural(arrived.found.size, 'message')} from ${args.mailbox} to ${target} (confirmed after an interruption)`, undo };
      });
    },

    reconcileUndo(_actionId: string, _args: unknown, rawUndo: unknown, context: ExecutionContext<'imap'>) {
      return reconcileMoveBack(rawUndo, context);
    },

    async undo(granted: Ticket, stepArgs: unknown, rawUndo: unknown, context: ExecutionContext<'imap'>) {
      const ticket = bindTicket(granted, stepArgs, 'undo');
      const undo = moveUndo.parse(rawUndo);
      const { account } = context;
      return withAccountSession(context, ticket.signal, async (client) => {
        const lock = await client.getMailboxLock(undo.toMailbox);
        let found: Map<string, number>;
        try {
          found = await locateMessages(
            client,
            undo.moved.map((m) => ({ messageKey: m.messageKey, uid: m.uid, uidValidity: undo.toUidValidity })),
          );
          if (found.size > 0) {
            await moveMessages(ticket, spec.capability, { client, accountId: account.id }, [...found.values()], undo.fromMailbox);
            const gone = undo.moved.length - found.size;
            return {
              summary: `Moved ${plural(found.size, 'message')} back to ${undo.fromMailbox}` + (gone > 0 ? ` (${gone} had already left ${undo.toMailbox})` : ''),
            };
          }
        } finally {
          lock.release();
        }
        // An undo cut short after the server moved them back: home again means done.
        const back = await locateIn(client, undo.fromMailbox, undo.moved.map((m) => ({ messageKey: m.messageKey, uid: null, uidValidity: null })));
        if (back.found.size > 0) return { summary: `The messages were already back in ${undo.fromMailbox}` };
        throw new ApiError('conflict', spec.goneFromTarget(undo.toMailbox));
      });
    },
  };
}

function refsOf(args: MoveArgs): MessageRef[] {
  return args.messages.map((m) => ({ messageKey: m.messageKey, uid: m.uid, uidValidity: m.uidValidity }));
}

async function locateIn(client: ImapFlow, mailbox: string, refs: readonly MessageRef[]): Promise<{ found: Map<string, number>; uidValidity: string | null }> {
  const lock = await client.getMailboxLock(mailbox);
  try {
    const found = await locateMessages(client, refs.map((ref) => ({ ...ref, uid: null })));
    return { found, uidValidity: client.mailbox ? client.mailbox.uidValidity.toString() : null };
  } finally {
    lock.release();
  }
}
