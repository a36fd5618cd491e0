/**
 * email.draft and email.send on Gmail. Both take the arguments every mail connector's draft
 * takes (items/mail/mail-args.ts), so a plan's draft can be sent as it is; Gmail adds the message
 * they reply to, whose thread the draft or the sent mail joins.
 *
 * Drafts undo by moving the draft to Trash. A sent message cannot be recalled from Gmail: the
 * outbox's undo window (the action layer's, for every connector) is where a send can still be
 * stopped; this executor runs when it has closed, and sends at most once per action.
 */
import { ApiError } from '@shared/api/errors.js';
import { z } from 'zod';
import { bindTicket, type Ticket } from '../../../gate/gate.js';
import { draftArgs } from '../../../items/mail/mail-args.js';
import { formatAddress } from '../../../items/mail/mail-item.js';
import { isNotFound } from '../../google/google-errors.js';
import type { ExecutionContext, ExecutionOutcome, Executor } from '../../types.js';
import type { OutgoingMail } from '../compose.js';
import type { GmailApi } from '../gmail-client.js';
import { createDraft, findDraft, findSent, sendMessage, trashDraft } from '../gmail-outgoing.js';
import { onGmail } from './on-gmail.js';

const address = z.object({ name: z.string(), address: z.string().min(3) });

/** The Gmail id of the message replied to (its thread is joined); null for new mail. */
const replyTo = { replyToGmailId: z.string().min(1).max(200).nullable().default(null) };

export const gmailDraftArgs = draftArgs.extend(replyTo);
export type GmailDraftArgs = z.input<typeof gmailDraftArgs>;

export const gmailSendArgs = draftArgs.extend({ ...replyTo, cc: z.array(address).default([]), bcc: z.array(address).default([]) });
export type GmailSendArgs = z.input<typeof gmailSendArgs>;

const draftUndo = z.object({ messageId: z.string().min(1) });

/** How far back reconcile looks for a send cut short (the X-Steward-Action header search). */
const RECONCILE_SENT_WINDOW_MS = 24 * 3_600_000;

export const draftExecutor: Executor<'gmail'> = {
  capability: 'email.draft',

  async execute(granted: Ticket, rawArgs: unknown, context: ExecutionContext<'gmail'>): Promise<ExecutionOutcome> {
    const ticket = bindTicket(granted, rawArgs, 'execute');
    const args = gmailDraftArgs.parse(rawArgs);
    return onGmail(context, 'save a draft in your Gmail', async (target) => {
      const draft = await createDraft(ticket, target, await outgoingMail(target.api, context, { ...args, cc: [], bcc: [] }, ticket.signal));
      return { summary: draftSummary(args), undo: { messageId: draft.messageId } };
    });
  },

  async undo(granted: Ticket, stepArgs: unknown, rawUndo: unknown, context: ExecutionContext<'gmail'>) {
    const ticket = bindTicket(granted, stepArgs, 'undo');
    const undo = draftUndo.parse(rawUndo);
    return onGmail(context, 'remove the draft from your Gmail', (target) => trashDraft(ticket, target, undo));
  },

  async reconcile(actionId: string, rawArgs: unknown, context: ExecutionContext<'gmail'>): Promise<ExecutionOutcome | null> {
    const args = gmailDraftArgs.parse(rawArgs);
    return onGmail(context, 'look for the draft in your Gmail', async (target) => {
      const draft = await findDraft(target.api, actionId, context.account.email);
      return draft ? { summary: `${draftSummary(args)} (confirmed after an interruption)`, undo: { messageId: draft.messageId } } : null;
    });
  },
};

export const sendExecutor: Executor<'gmail'> = {
  capability: 'email.send',

  async execute(granted: Ticket, rawArgs: unknown, context: ExecutionContext<'gmail'>): Promise<ExecutionOutcome> {
    const ticket = bindTicket(granted, rawArgs, 'execute');
    const args = gmailSendArgs.parse(rawArgs);
    return onGmail(context, 'send mail from your Gmail', async (target) => {
      const sent = await sendMessage(ticket, target, await outgoingMail(target.api, context, args, ticket.signal));
      return { summary: `${sendSummary(args)}${sent.alreadySent ? ' (it had been sent already)' : ''}`, undo: null };
    });
  },

  undo() {
    return Promise.reject(new ApiError('conflict', 'Gmail cannot take back mail once it is sent. Steward held it for the undo window before sending; that window has closed.'));
  },

  async reconcile(actionId: string, rawArgs: unknown, context: ExecutionContext<'gmail'>): Promise<ExecutionOutcome | null> {
    const args = gmailSendArgs.parse(rawArgs);
    return onGmail(context, 'look for the sent mail in your Gmail', async (target) => {
      const since = new Date(Date.now() - RECONCILE_SENT_WINDOW_MS);
      const sent = await findSent(target.api, actionId, context.account.email, since);
      return sent ? { summary: `${sendSummary(args)} (confirmed after an interruption)`, undo: null } : null;
    });
  },
};

async function outgoingMail(api: GmailApi, context: ExecutionContext<'gmail'>, args: z.output<typeof gmailSendArgs>, signal: AbortSignal): Promise<OutgoingMail> {
  return {
    from: { name: context.account.displayName, address: context.account.email },
    to: args.to,
    cc: args.cc,
    bcc: args.bcc,
    subject: args.subject,
    text: args.body,
    inReplyTo: args.inReplyTo,
    references: args.references,
    threadId: args.replyToGmailId ? await threadOf(api, args.replyToGmailId, signal) : null,
  };
}

/** The Gmail thread of the message replied to; null when it is gone (the reply then starts its own). */
async function threadOf(api: GmailApi, gmailId: string, signal: AbortSignal): Promise<string | null> {
  try {
    const { data } = await api.users.messages.get({ userId: 'me', id: gmailId, format: 'minimal' }, { signal });
    return data.threadId ?? null;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

function recipients(args: { readonly to: readonly { name: string; address: string }[] }): string {
  return args.to.map((a) => a.name || formatAddress(a)).join(', ');
}

function draftSummary(args: z.output<typeof gmailDraftArgs>): string {
  return `Saved a draft to ${recipients(args)} in Drafts: "${args.subject}"`;
}

function sendSummary(args: z.output<typeof gmailSendArgs>): string {
  return `Sent "${args.subject}" to ${recipients(args)}`;
}
