/**
 * Steps that set or clear flags on messages (email.label, email.markRead). The flags each
 * message had before are noted in the step's journal before anything is written, so that undo
 * restores exactly that, also after a crash in the middle (a retry would otherwise take the
 * flags it had just set for the "before").
 */
import type { ImapFlow } from 'imapflow';
import { z } from 'zod';
import { ApiError } from '@shared/api/errors.js';
import type { CapabilityId } from '@shared/domain/capabilities.js';
import { plural } from '@shared/text/plural.js';
import { bindTicket, type Ticket } from '../../../gate/gate.js';
import type { ExecutionContext, ExecutionOutcome, Executor } from '../../types.js';
import { withAccountSession } from '../imap-session.js';
import { changeFlags } from '../imap-writer.js';
import { locateMessages } from '../locate.js';
import { uidSet } from '../uid-set.js';
import { effectOf, flagWords, hasFlag, mailboxKeeps } from './flag-names.js';
import { messageRefs } from './message-refs.js';

export const flagArgs = z.object({
  mailbox: z.string().min(1),
  add: z.array(z.string().min(1)),
  remove: z.array(z.string().min(1)),
  messages: messageRefs,
});
export type FlagArgs = z.infer<typeof flagArgs>;

const flagUndo = z.object({
  mailbox: z.string(),
  uidValidity: z.string().nullable(),
  changes: z.array(z.object({ messageKey: z.string(), uid: z.number().int().nullable(), added: z.array(z.string()), removed: z.array(z.string()) })),
});
type FlagUndo = z.infer<typeof flagUndo>;

/** The journal's note of the flags before: messageKey → flags. */
const BEFORE = 'flags-before';
const beforeNote = z.object({ flags: z.record(z.string(), z.array(z.string())) });

export interface FlagSpec {
  readonly capability: CapabilityId;
  /** Which flags this capability may touch. */
  readonly allowed: (flag: string) => boolean;
}

export function flagExecutor(spec: FlagSpec): Executor<'imap'> {
  const parse = (raw: unknown): FlagArgs => {
    const args = flagArgs.parse(raw);
    const refused = [...args.add, ...args.remove].filter((flag) => !spec.allowed(flag));
    if (refused.length > 0) throw new ApiError('invalid_input', `${spec.capability} cannot change ${refused.join(', ')}.`);
    if (args.add.length + args.remove.length === 0) throw new ApiError('invalid_input', 'The step changes no flag.');
    return args;
  };

  return {
    capability: spec.capability,

    async execute(granted: Ticket, rawArgs: unknown, context: ExecutionContext<'imap'>) {
    const ticket = bindTicket(granted, rawArgs, 'execute');
      const args = parse(rawArgs);
      const { account, journal } = context;
      return withAccountSession(context, ticket.signal, async (client) => {
        const lock = await client.getMailboxLock(args.mailbox);
        try {
          const unkept = args.add.filter((flag) => !mailboxKeeps(client.mailbox ? client.mailbox.permanentFlags : undefined, flag));
          if (unkept.length > 0) {
            throw new ApiError('unavailable', `${args.mailbox} on ${account.settings.host} does not keep ${unkept.map(flagWords).join(', ')}, so it cannot be set there.`);
          }
          const found = await locateMessages(client, args.messages.map((m) => ({ ...m })));
          if (found.size === 0) throw new ApiError('conflict', `None of these messages are in ${args.mailbox} any more: they were moved or deleted elsewhere.`);
          const current = await flagsOf(client, found);
          const noted = journal.read(ticket.actionId).find((note) => note.phase === BEFORE);
          const before = noted ? beforeNote.parse(noted.detail).flags : Object.fromEntries(current);
          if (!noted) journal.note(ticket.actionId, BEFORE, { flags: before });
          await changeFlags(ticket, spec.capability, { client, accountId: account.id }, [...found.values()], { add: args.add, remove: args.remove });
          const undo = undoOf(args, found, before, client);
          return { summary: summaryOf(args, found.size, false), undo };
        } finally {
          lock.release();
        }
      });
    },

    async reconcile(actionId: string, rawArgs: unknown, context: ExecutionContext<'imap'>): Promise<ExecutionOutcome | null> {
      const args = parse(rawArgs);
      const noted = context.journal.read(actionId).find((note) => note.phase === BEFORE);
      // Nothing was written before the flags were noted.
      if (!noted) return null;
      const before = beforeNote.parse(noted.detail).flags;
      return withAccountSession(context, new AbortController().signal, async (client) => {
        const lock = await client.getMailboxLock(args.mailbox);
        try {
          const found = await locateMessages(client, args.messages.map((m) => ({ ...m })));
          if (found.size === 0) return null;
          const current = await flagsOf(client, found);
          const applied = [...current.values()].every((flags) => args.add.every((f) => hasFlag(flags, f)) && !args.remove.some((f) => hasFlag(flags, f)));
          if (!applied) return null;
          return { summary: summaryOf(args, found.size, true), undo: undoOf(args, found, before, client) };
        } finally {
          lock.release();
        }
      });
    },

    async undo(granted: Ticket, stepArgs: unknown, rawUndo: unknown, context: ExecutionContext<'imap'>) {
    const ticket = bindTicket(granted, stepArgs, 'undo');
      const undo = flagUndo.parse(rawUndo);
      const { account } = context;
      return withAccountSession(context, ticket.signal, async (client) => {
        const lock = await client.getMailboxLock(undo.mailbox);
        try {
          const found = await locateMessages(
            client,
            undo.changes.map((c) => ({ messageKey: c.messageKey, uid: c.uid, uidValidity: undo.uidValidity })),
          );
          if (found.size === 0) throw new ApiError('conflict', `The messages are no longer in ${undo.mailbox}, so their flags cannot be put back.`);
          // One command per distinct change: most plans change every message the same way.
          const groups = new Map<string, { added: string[]; removed: string[]; uids: number[] }>();
          for (const change of undo.changes) {
            const uid = found.get(change.messageKey);
            if (uid === undefined || change.added.length + change.removed.length === 0) continue;
            const key = JSON.stringify([change.added, change.removed]);
            const group = groups.get(key) ?? { added: change.added, removed: change.removed, uids: [] };
            group.uids.push(uid);
            groups.set(key, group);
          }
          for (const group of groups.values()) {
            await changeFlags(ticket, spec.capability, { client, accountId: account.id }, group.uids, { add: group.removed, remove: group.added });
          }
          return { summary: `Put back the flags of ${plural(found.size, 'message')} in ${undo.mailbox}` };
        } finally {
          lock.release();
        }
      });
    },
  };
}

async function flagsOf(client: ImapFlow, found: ReadonlyMap<string, number>): Promise<Map<string, string[]>> {
  const byUid = new Map([...found].map(([key, uid]) => [uid, key]));
  const flags = new Map<string, string[]>();
  for await (const message of client.fetch(uidSet([...found.values()]), { uid: true, flags: true }, { uid: true })) {
    const key = byUid.get(message.uid);
    if (key !== undefined) flags.set(key, [...(message.flags ?? [])]);
  }
  return flags;
}

function undoOf(args: FlagArgs, found: ReadonlyMap<string, number>, before: Readonly<Record<string, readonly string[]>>, client: ImapFlow): FlagUndo {
  return {
    mailbox: args.mailbox,
    uidValidity: client.mailbox ? client.mailbox.uidValidity.toString() : null,
    changes: [...found].map(([messageKey, uid]) => ({ messageKey, uid, ...effectOf(before[messageKey] ?? [], args.add, args.remove) })),
  };
}

function summaryOf(args: FlagArgs, count: number, afterInterruption: boolean): string {
  const parts = [
    args.add.length > 0 ? `marked ${args.add.map(flagWords).join(' and ')}` : null,
    args.remove.length > 0 ? `no longer ${args.remove.map(flagWords).join(' or ')}` : null,
  ].filter(Boolean);
  const text = `${plural(count, 'message')} in ${args.mailbox} ${parts.join(', ')}`;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${afterInterruption ? ' (confirmed after an interruption)' : ''}`;
}
