/**
 * email.trash on Gmail: to Trash, where Gmail keeps mail 30 days, never a permanent delete (the
 * gmail.modify scope cannot even ask for one). Undo takes the messages out of Trash and gives
 * back the labels trashing took (the Inbox), as long as Gmail still holds them.
 */
import { ApiError } from '@shared/api/errors.js';
import { plural } from '@shared/text/plural.js';
import { z } from 'zod';
import { bindTicket, type Ticket } from '../../../gate/gate.js';
import type { ExecutionContext, ExecutionOutcome, Executor } from '../../types.js';
import { trashMessages, untrashMessages, type TrashedMessage } from '../gmail-writer.js';
import { fetchMessages } from '../message-fetch.js';
import { gmailIds, messageRef, onGmail } from './on-gmail.js';
import { untrashedCount } from './undo-in-effect.js';

export const trashArgs = z.object({
  /** `inInbox`: whether it was in the Inbox when planned, so undo can put it back after an interruption too. */
  messages: z.array(messageRef.extend({ inInbox: z.boolean().default(true) })).min(1).max(5000),
});
export type GmailTrashArgs = z.input<typeof trashArgs>;

const trashUndo = z.object({ trashed: z.array(z.object({ gmailId: z.string(), lostLabels: z.array(z.string()) })) });

export const trashExecutor: Executor<'gmail'> = {
  capability: 'email.trash',

  async execute(granted: Ticket, rawArgs: unknown, context: ExecutionContext<'gmail'>): Promise<ExecutionOutcome> {
    const ticket = bindTicket(granted, rawArgs, 'execute');
    const args = trashArgs.parse(rawArgs);
    return onGmail(context, 'move your Gmail messages to Trash', async (target) => {
      const result = await trashMessages(ticket, target, gmailIds(args.messages));
      if (result.trashed.length === 0 && result.alreadyInTrash.length === 0) {
        throw new ApiError('conflict', 'None of these messages are in Gmail any more: they were deleted elsewhere.');
      }
      const already = result.alreadyInTrash.length > 0 ? `; ${result.alreadyInTrash.length} already were` : '';
      return { summary: `Moved ${plural(result.trashed.length, 'message')} to Trash (Gmail keeps it 30 days${already})`, undo: { trashed: result.trashed } };
    });
  },

  async undo(granted: Ticket, stepArgs: unknown, rawUndo: unknown, context: ExecutionContext<'gmail'>) {
    const ticket = bindTicket(granted, stepArgs, 'undo');
    const { trashed } = trashUndo.parse(rawUndo);
    return onGmail(context, 'take your Gmail messages out of Trash', async (target) => {
      const result = await untrashMessages(ticket, 'email.trash', target, trashed);
      if (result.restored.length === 0 && result.notInTrash.length === 0) {
        throw new ApiError('conflict', 'These messages are no longer in Gmail (Trash was emptied), so they cannot be put back.');
      }
      return { summary: `Took ${plural(result.restored.length + result.notInTrash.length, 'message')} out of Trash` };
    });
  },

  async reconcileUndo(_actionId: string, _args: unknown, rawUndo: unknown, context: ExecutionContext<'gmail'>) {
    const { trashed } = trashUndo.parse(rawUndo);
    if (trashed.length === 0) return null;
    return onGmail(context, 'look whether your Gmail messages are out of Trash', async (target) => {
      const { labelsChanged } = await fetchMessages(target.api, trashed.map((m) => m.gmailId), () => true, () => new Date());
      const back = untrashedCount(trashed, labelsChanged);
      return back === null ? null : { summary: `Took ${plural(back, 'message')} out of Trash (confirmed after an interruption)` };
    });
  },

  async reconcile(_actionId: string, rawArgs: unknown, context: ExecutionContext<'gmail'>): Promise<ExecutionOutcome | null> {
    const args = trashArgs.parse(rawArgs);
    return onGmail(context, 'look at your Gmail Trash', async (target) => {
      const { labelsChanged } = await fetchMessages(target.api, gmailIds(args.messages), () => true, () => new Date());
      const inTrash = new Set(labelsChanged.filter((state) => state.labelIds.includes('TRASH')).map((state) => state.gmailId));
      const trashed: TrashedMessage[] = args.messages.filter((m) => inTrash.has(m.gmailId)).map((m) => ({ gmailId: m.gmailId, lostLabels: m.inInbox ? ['INBOX'] : [] }));
      if (trashed.length === 0) return null;
      return { summary: `Moved ${plural(trashed.length, 'message')} to Trash (confirmed after an interruption)`, undo: { trashed } };
    });
  },
};
