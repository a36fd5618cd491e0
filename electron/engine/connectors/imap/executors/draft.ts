/**
 * email.draft: save a reply in the Drafts folder (never sent). The draft carries an
 * X-Steward-Action header with the action id, which makes a retry find the draft it already
 * saved, and lets undo find exactly that draft. Undo moves it to Trash rather than deleting it:
 * if the user had started editing it, nothing of theirs is lost.
 */
import type { ImapFlow } from 'imapflow';
import type { ImapSettings } from '@shared/connectors/index.js';
import { z } from 'zod';
import { ApiError } from '@shared/api/errors.js';
import { bindTicket, type Ticket } from '../../../gate/gate.js';
import { buildMessage } from '../../../items/mail/build-message.js';
import { draftArgs, type DraftArgs } from '../../../items/mail/mail-args.js';
import type { ExecutionContext, Executor } from '../../types.js';
import { appendMessage, moveMessages } from '../imap-writer.js';
import { withAccountSession } from '../imap-session.js';
import { findAccountMailbox } from '../mailboxes.js';

export const STEWARD_ACTION_HEADER = 'X-Steward-Action';

const draftUndo = z.object({ mailbox: z.string() });

export const draftExecutor: Executor<'imap'> = {
  capability: 'email.draft',

  async execute(granted: Ticket, rawArgs: unknown, context: ExecutionContext<'imap'>) {
    const ticket = bindTicket(granted, rawArgs, 'execute');
    const { account } = context;
    const args = draftArgs.parse(rawArgs);
    return withAccountSession(context, ticket.signal, async (client) => {
      const drafts = await requireMailbox(client, '\\Drafts', account.settings);
      const existing = await findOwnDrafts(client, drafts, ticket.actionId);
      if (existing.length === 0) {
        const raw = await composeDraft(args, account, ticket.actionId);
        await appendMessage(ticket, 'email.draft', { client, accountId: account.id }, drafts, raw, ['\\Draft', '\\Seen']);
      }
      return { summary: draftSummary(args, drafts), undo: { mailbox: drafts } };
    });
  },

  async reconcile(actionId: string, rawArgs: unknown, context: ExecutionContext<'imap'>) {
    const args = draftArgs.parse(rawArgs);
    return withAccountSession(context, new AbortController().signal, async (client) => {
      const drafts = await findAccountMailbox(client, '\\Drafts', context.account.settings);
      if (!drafts || (await findOwnDrafts(client, drafts, actionId)).length === 0) return null;
      return { summary: `${draftSummary(args, drafts)} (confirmed after an interruption)`, undo: { mailbox: drafts } };
    });
  },

  async undo(granted: Ticket, stepArgs: unknown, rawUndo: unknown, context: ExecutionContext<'imap'>) {
    const ticket = bindTicket(granted, stepArgs, 'undo');
    const { account } = context;
    const undo = draftUndo.parse(rawUndo);
    return withAccountSession(context, ticket.signal, async (client) => {
      const trash = await requireMailbox(client, '\\Trash', account.settings);
      const lock = await client.getMailboxLock(undo.mailbox);
      try {
        const uids = await searchOwnDrafts(client, ticket.actionId);
        if (uids.length > 0) {
          await moveMessages(ticket, 'email.draft', { client, accountId: account.id }, uids, trash);
          return { summary: `Moved the draft from ${undo.mailbox} to ${trash}` };
        }
      } finally {
        lock.release();
      }
      // Already in Trash: an earlier undo got that far before it was cut short.
      if ((await findOwnDrafts(client, trash, ticket.actionId)).length > 0) return { summary: `The draft was already in ${trash}` };
      throw new ApiError('conflict', `The draft is no longer in ${undo.mailbox}: it was sent, moved or deleted already.`);
    });
  },
};

function draftSummary(args: DraftArgs, mailbox: string): string {
  return `Saved a draft to ${args.to.map((a) => a.name || a.address).join(', ')} in ${mailbox}: "${args.subject}"`;
}

async function requireMailbox(client: ImapFlow, use: '\\Drafts' | '\\Trash', settings: ImapSettings): Promise<string> {
  const host = settings.host;
  const path = await findAccountMailbox(client, use, settings);
  if (!path) {
    const name = use.slice(1);
    throw new ApiError('not_found', `${host} has no ${name} folder. Create one named ${name} in your mail program and try again.`);
  }
  return path;
}

async function findOwnDrafts(client: ImapFlow, mailbox: string, actionId: string): Promise<number[]> {
  const lock = await client.getMailboxLock(mailbox);
  try {
    return await searchOwnDrafts(client, actionId);
  } finally {
    lock.release();
  }
}

async function searchOwnDrafts(client: ImapFlow, actionId: string): Promise<number[]> {
  return (await client.search({ header: { [STEWARD_ACTION_HEADER]: actionId } }, { uid: true })) || [];
}

function composeDraft(args: DraftArgs, account: ExecutionContext['account'], actionId: string): Promise<Buffer> {
  return buildMessage({
    from: { name: account.displayName, address: account.email },
    to: args.to,
    subject: args.subject,
    text: args.body,
    ...(args.inReplyTo ? { inReplyTo: args.inReplyTo } : {}),
    ...(args.references.length > 0 ? { references: args.references } : {}),
    headers: { [STEWARD_ACTION_HEADER]: actionId },
  });
}
