/**
 * The executors that only add and remove labels (archive, label, move, mark read): one shape,
 * built from what each one changes and how it says so. Execute writes only what is not so
 * already and keeps exactly that as undo data; undo takes back exactly that, where it is still
 * so; reconcile looks whether the change is in effect after an interruption.
 */
import { ApiError } from '@shared/api/errors.js';
import type { CapabilityId } from '@shared/domain/capabilities.js';
import { z } from 'zod';
import { bindTicket, type Ticket } from '../../../gate/gate.js';
import type { ExecutionContext, ExecutionOutcome, Executor } from '../../types.js';
import { modifyLabels, revertLabelChanges, type LabelChange, type LabelEdit } from '../gmail-writer.js';
import { fetchMessages } from '../message-fetch.js';
import { gmailIds, onGmail, type MessageRef } from './on-gmail.js';
import { revertedCount } from './undo-in-effect.js';

export interface LabelChangeSpec<A extends { readonly messages: readonly MessageRef[] }> {
  readonly capability: CapabilityId;
  readonly args: z.ZodType<A>;
  /** What it does to each message's labels. */
  edit(args: A): LabelEdit;
  /** "Archived 3 messages …", for `changed` messages changed now and `already` found so already. */
  done(args: A, changed: number, already: number): string;
  /** "Moved 3 messages back to the Inbox". */
  undone(args: A, count: number): string;
  /** What Steward was doing, for errors: "archive your Gmail messages". */
  readonly doing: string;
}

const undoData = z.object({
  changes: z.array(z.object({ gmailId: z.string(), added: z.array(z.string()), removed: z.array(z.string()) })),
});

export function labelChangeExecutor<A extends { readonly messages: readonly MessageRef[] }>(spec: LabelChangeSpec<A>): Executor<'gmail'> {
  return {
    capability: spec.capability,

    async execute(granted: Ticket, rawArgs: unknown, context: ExecutionContext<'gmail'>): Promise<ExecutionOutcome> {
    const ticket = bindTicket(granted, rawArgs, 'execute');
      const args = spec.args.parse(rawArgs);
      return onGmail(context, spec.doing, async (target) => {
        const result = await modifyLabels(ticket, spec.capability, target, gmailIds(args.messages), spec.edit(args));
        if (result.changes.length === 0 && result.unchanged.length === 0) {
          throw new ApiError('conflict', 'None of these messages are in Gmail any more: they were deleted elsewhere.');
        }
        const gone = result.missing.length > 0 ? ` (${result.missing.length} no longer in Gmail)` : '';
        return { summary: spec.done(args, result.changes.length, result.unchanged.length) + gone, undo: { changes: result.changes } };
      });
    },

    async undo(granted: Ticket, rawArgs: unknown, rawUndo: unknown, context: ExecutionContext<'gmail'>) {
    const ticket = bindTicket(granted, rawArgs, 'undo');
      const args = spec.args.parse(rawArgs);
      const { changes } = undoData.parse(rawUndo);
      return onGmail(context, `undo that (${spec.doing})`, async (target) => {
        const result = await revertLabelChanges(ticket, spec.capability, target, changes);
        if (result.changes.length === 0 && result.unchanged.length === 0 && changes.length > 0) {
          throw new ApiError('conflict', 'These messages are no longer in Gmail, so there is nothing to put back.');
        }
        // An undo cut short after Gmail had done it finds everything back already: done, not failed.
        return { summary: spec.undone(args, result.changes.length + result.unchanged.length) };
      });
    },

    async reconcileUndo(_actionId: string, rawArgs: unknown, rawUndo: unknown, context: ExecutionContext<'gmail'>) {
      const args = spec.args.parse(rawArgs);
      const { changes } = undoData.parse(rawUndo);
      if (changes.length === 0) return null;
      return onGmail(context, `look whether that was undone (${spec.doing})`, async (target) => {
        const { labelsChanged } = await fetchMessages(target.api, changes.map((change) => change.gmailId), () => true, () => new Date());
        const back = revertedCount(changes, labelsChanged);
        return back === null ? null : { summary: `${spec.undone(args, back)} (confirmed after an interruption)` };
      });
    },

    async reconcile(_actionId: string, rawArgs: unknown, context: ExecutionContext<'gmail'>): Promise<ExecutionOutcome | null> {
      const args = spec.args.parse(rawArgs);
      const edit = spec.edit(args);
      return onGmail(context, spec.doing, async (target) => {
        const { labelsChanged } = await fetchMessages(target.api, gmailIds(args.messages), () => true, () => new Date());
        const inEffect: LabelChange[] = labelsChanged
          .filter((state) => (edit.add ?? []).every((label) => state.labelIds.includes(label)) && (edit.remove ?? []).every((label) => !state.labelIds.includes(label)))
          .map((state) => ({ gmailId: state.gmailId, added: [...(edit.add ?? [])], removed: [...(edit.remove ?? [])] }));
        if (inEffect.length === 0) return null;
        return { summary: `${spec.done(args, inEffect.length, 0)} (confirmed after an interruption)`, undo: { changes: inEffect } };
      });
    },
  };
}
