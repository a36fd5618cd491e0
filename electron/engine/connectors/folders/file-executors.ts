/**
 * The folders connector's executors, in the shape of the engine's Executor (connectors/types.ts):
 * they validate their JSON arguments, hand the gate's ticket to the FileWriter, and use the
 * ticket's action id as the journal key, so a retry or a restart finds what was already done.
 * Undo data is just that action id: the journal holds the rest.
 */
import { z } from 'zod';
import { ApiError } from '@shared/api/errors.js';
import { bindTicket, type BoundTicket, type Ticket } from '../../gate/gate.js';
import type { ExecutionContext, ExecutionOutcome } from '../types.js';
import type { FileCapabilityId } from './file-capabilities.js';
import type { FileWriter, WriteOutcome } from './file-writer.js';

const fileRef = z.object({ rootId: z.string().min(1), path: z.string() });

export const moveArgs = z.object({
  requests: z.array(z.object({ from: fileRef, toFolder: fileRef, name: z.string().min(1).optional() })).min(1).max(10_000),
  createFolders: z.boolean().default(false),
});
export const renameArgs = z.object({ entry: fileRef, name: z.string().min(1) });
export const trashArgs = z.object({ entries: z.array(fileRef).min(1).max(10_000) });
export const createArgs = z.object({
  folder: fileRef,
  name: z.string().min(1),
  /** UTF-8 text, or base64 when `encoding` says so. */
  content: z.string(),
  encoding: z.enum(['utf8', 'base64']).default('utf8'),
});
export type MoveArgs = z.input<typeof moveArgs>;
export type RenameArgs = z.input<typeof renameArgs>;
export type TrashArgs = z.input<typeof trashArgs>;
export type CreateArgs = z.input<typeof createArgs>;

const undoData = z.object({ actionId: z.string().min(1) });

/** Chooses the writer of the folders account an action belongs to. */
export type WriterFor = (context: ExecutionContext) => FileWriter;

export interface FileExecutor {
  readonly capability: FileCapabilityId;
  execute(ticket: Ticket, args: unknown, context: ExecutionContext): Promise<ExecutionOutcome>;
  undo(ticket: Ticket, args: unknown, undo: unknown, context: ExecutionContext): Promise<{ readonly summary: string }>;
  reconcile(actionId: string, args: unknown, context: ExecutionContext): Promise<ExecutionOutcome | null>;
}

export function createFileExecutors(writerFor: WriterFor): readonly FileExecutor[] {
  const make = (capability: Exclude<FileCapabilityId, 'files.read'>, run: (writer: FileWriter, ticket: BoundTicket, args: unknown) => Promise<WriteOutcome>): FileExecutor => ({
    capability,
    async execute(granted, args, context) {
      return outcomeOf(await run(writerFor(context), bindTicket(granted, args, 'execute'), args));
    },
    async undo(granted, stepArgs, undo, context) {
      const ticket = bindTicket(granted, stepArgs, 'undo');
      const { actionId } = undoData.parse(undo);
      const outcome = await writerFor(context).undo(ticket, capability, actionId);
      if (outcome.notDone.length > 0) {
        // Not all the way back: the action stays undoable, and a later undo continues from here.
        throw new ApiError('conflict', outcome.summary);
      }
      return { summary: outcome.summary };
    },
    async reconcile(actionId, _args, context) {
      const writer = writerFor(context);
      await writer.recover();
      const outcome = writer.outcomeOf(actionId);
      return outcome && outcome.done.length > 0 ? outcomeOf(outcome) : null;
    },
  });
  return [
    make('files.move', (writer, ticket, raw) => {
      const args = moveArgs.parse(raw);
      return writer.move(ticket, 'files.move', ticket.actionId, args.requests, { createFolders: args.createFolders });
    }),
    make('files.rename', (writer, ticket, raw) => {
      const args = renameArgs.parse(raw);
      return writer.rename(ticket, ticket.actionId, args.entry, args.name);
    }),
    make('files.trash', (writer, ticket, raw) => writer.trash(ticket, ticket.actionId, trashArgs.parse(raw).entries)),
    make('files.create', (writer, ticket, raw) => {
      const args = createArgs.parse(raw);
      return writer.create(ticket, ticket.actionId, args.folder, args.name, Buffer.from(args.content, args.encoding));
    }),
  ];
}

/** A write that did nothing is a failure the user should read; a partial one is recorded and undoable. */
function outcomeOf(outcome: WriteOutcome): ExecutionOutcome {
  if (outcome.done.length === 0) throw new ApiError('conflict', outcome.summary);
  return { summary: outcome.summary, undo: { actionId: outcome.actionId } };
}
