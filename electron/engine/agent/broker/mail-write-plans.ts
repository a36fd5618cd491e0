/**
 * The mail write tools as proposals: email_draft becomes a draft intent (a reply keeps its
 * thread and replaces the template draft the needs-reply detector proposed for the same
 * message), email_send a send intent built the same way (it waits in the outbox's undo window
 * once approved), and email_archive, email_move, email_label, email_markRead and email_trash
 * the matching intents on the messages they name. The model's arguments name Steward's message ids
 * and bare addresses; everything else (which account, the thread's headers, the names) comes
 * from the stored mail, never from the model.
 */
import { plural } from '@shared/text/plural.js';
import { baseSubject, clip } from '../../detectors/mail-signals.js';
import { displayName, mailSource, type MailAddress, type MailItem } from '../../items/mail/index.js';
import type { DraftArgs } from '../../items/mail/mail-args.js';
import type { MailMark, StepIntent } from '../../intents/intents.js';
import type { ProposedStep } from '../tool-broker.js';
import type { WritePlan, WritePlanContext, WritePlanDeps, WritePlanner } from './write-plans.js';

export function mailWritePlanners(deps: WritePlanDeps): readonly WritePlanner[] {
  return [
    { capability: 'email.draft', plan: (step, context) => planCompose(deps, step, context, 'draft') },
    { capability: 'email.send', plan: (step, context) => planCompose(deps, step, context, 'send') },
    { capability: 'email.archive', plan: (step, context) => planArchive(deps, step, context) },
    { capability: 'email.move', plan: (step, context) => planOnMessages(deps, step, context, moveOf) },
    { capability: 'email.label', plan: (step, context) => planOnMessages(deps, step, context, labelOf) },
    { capability: 'email.markRead', plan: (step, context) => planOnMessages(deps, step, context, markReadOf) },
    { capability: 'email.trash', plan: (step, context) => planOnMessages(deps, step, context, trashOf) },
  ];
}

/** A message to save as a draft or to send: the same checks, the same thread, another intent. */
function planCompose(deps: WritePlanDeps, step: ProposedStep, context: WritePlanContext, mode: 'draft' | 'send'): WritePlan {
  const args = step.args as { from?: string; inReplyTo?: string; to: string[]; subject: string; body: string };
  let replyTo: MailItem | null = null;
  if (args.inReplyTo) {
    replyTo = deps.mail.byIds(context.readable.map((a) => a.id), [args.inReplyTo])[0] ?? null;
    if (!replyTo) return { ok: false, reason: `there is no message ${args.inReplyTo} to reply to in the mail Steward may read.` };
  }
  const from = args.from?.toLowerCase();
  const account = replyTo
    ? context.accounts.find((a) => a.id === replyTo?.accountId)
    : from
      ? context.accounts.find((a) => a.email.toLowerCase() === from)
      : context.accounts[0];
  if (!account) {
    return { ok: false, reason: from ? `${args.from} is not one of the user's mail accounts.` : 'no mail account is connected.' };
  }
  if (replyTo && from && from !== account.email.toLowerCase()) {
    return { ok: false, reason: `the message ${replyTo.id} was received in ${account.email}, so the reply is written from there, not from ${args.from}.` };
  }
  const thread = replyTo ? deps.mail.thread(replyTo, 20) : [];
  const known = new Map<string, MailAddress>();
  for (const message of thread) for (const person of [message.from, ...message.to, ...message.cc]) known.set(person.address.toLowerCase(), person);
  const to = args.to.map((address) => known.get(address.toLowerCase()) ?? { name: '', address });
  const draft: DraftArgs = {
    to,
    subject: args.subject,
    body: args.body,
    inReplyTo: replyTo?.messageId ?? null,
    references: replyTo ? [...replyTo.references, ...(replyTo.messageId ? [replyTo.messageId] : [])] : [],
  };
  const whom = to.map((a) => a.name || a.address).join(', ');
  const flags = recipientFlags(deps, account.email, to, replyTo, known);
  const intent =
    mode === 'draft' ? ({ type: 'mail.draft', draft, replyTo } as const) : ({ type: 'mail.send', message: draft, replyTo } as const);
  const proposal = replyTo
    ? {
        kind: 'reply' as const,
        accountId: account.id,
        // The needs-reply detector's key: the model's draft replaces its template.
        dedupeKey: `reply:${account.id}:${replyTo.messageKey}`,
        title: `Reply to ${displayName(replyTo.from)} about ${clip(baseSubject(replyTo.subject) || 'your message', 60)}`,
        why: step.reason,
        urgency: 'normal' as const,
        flags,
        sources: [mailSource(replyTo)],
        items: [{ id: replyTo.id, key: replyTo.messageKey }],
        intents: [intent],
      }
    : {
        kind: 'agent' as const,
        accountId: account.id,
        dedupeKey: `agent:${context.stableKey}`,
        title: `${mode === 'draft' ? 'Draft' : 'Send'} a message to ${clip(whom, 40)}: ${clip(args.subject || '(no subject)', 40)}`,
        why: step.reason,
        urgency: 'normal' as const,
        flags,
        sources: [],
        items: [],
        intents: [intent],
      };
  return { ok: true, account, proposal };
}

/**
 * Words for the card when a draft goes to someone outside the conversation it answers, or (not
 * a reply) to someone the user has never exchanged mail with: the classic way an injected
 * instruction tries to get mail out.
 */
function recipientFlags(deps: WritePlanDeps, own: string, to: readonly MailAddress[], replyTo: MailItem | null, inThread: ReadonlyMap<string, MailAddress>): string[] {
  const strangers = to.filter((person) => {
    const address = person.address.toLowerCase();
    if (address === own.toLowerCase()) return false;
    return replyTo ? !inThread.has(address) : !deps.mail.userHasWrittenTo([own], address);
  });
  if (strangers.length === 0) return [];
  const names = strangers.map((person) => person.address).join(', ');
  return [
    replyTo
      ? `New recipient: ${names} ${strangers.length === 1 ? 'is' : 'are'} not in the conversation this answers. Check before approving.`
      : `New recipient: you have not exchanged mail with ${names}. Check before approving.`,
  ];
}

function planArchive(deps: WritePlanDeps, step: ProposedStep, context: WritePlanContext): WritePlan {
  const ids = (step.args as { messageIds: string[] }).messageIds;
  const messages = deps.mail.byIds(context.readable.map((a) => a.id), ids);
  const missing = ids.filter((id) => !messages.some((m) => m.id === id));
  if (missing.length > 0) return { ok: false, reason: `there is no message ${missing.slice(0, 3).join(', ')} in the mail Steward may read.` };
  const accountIds = new Set(messages.map((m) => m.accountId));
  if (accountIds.size !== 1) return { ok: false, reason: 'the messages are in different accounts: propose one archive per account.' };
  const account = context.accounts.find((a) => accountIds.has(a.id));
  if (!account) return { ok: false, reason: 'the account of those messages is not connected.' };
  const inInbox = messages.filter((m) => m.roles.includes('inbox'));
  if (inInbox.length === 0) return { ok: false, reason: 'none of those messages is in the inbox.' };
  return {
    ok: true,
    account,
    proposal: {
      kind: 'agent',
      accountId: account.id,
      dedupeKey: `agent:${context.stableKey}`,
      title: `Archive ${plural(inInbox.length, 'message')}`,
      why: step.reason,
      urgency: 'low',
      flags: inInbox.length >= 10 ? [`Bulk: this moves ${inInbox.length} messages at once.`] : [],
      sources: inInbox.slice(0, 5).map(mailSource),
      items: inInbox.map((m) => ({ id: m.id, key: m.messageKey })),
      intents: [{ type: 'mail.archive', messages: inInbox }],
    },
  };
}

/** What a write tool on named messages does to them, once they are found in one account. */
interface MessagesEffect {
  readonly intent: (messages: readonly MailItem[]) => StepIntent;
  readonly title: string;
  readonly urgency: 'low' | 'normal';
}

type EffectOf = (args: Readonly<Record<string, unknown>>, messages: readonly MailItem[]) => MessagesEffect | string;

const moveOf: EffectOf = (args, messages) => {
  const folder = typeof args.folder === 'string' ? args.folder : '';
  return { intent: (m) => ({ type: 'mail.move', messages: m, toFolder: folder }), title: `Move ${plural(messages.length, 'message')} to ${folder}`, urgency: 'low' };
};

const labelOf: EffectOf = (args, messages) => {
  const names = (value: unknown): Extract<MailMark, { kind: 'keyword' }>[] =>
    Array.isArray(value) ? value.map((name) => ({ kind: 'keyword' as const, name: String(name) })) : [];
  const add = names(args.add);
  const remove = names(args.remove);
  if (add.length + remove.length === 0) return 'a label step adds or removes at least one label.';
  const words = [add.length > 0 ? `add ${add.map((m) => m.name).join(', ')}` : null, remove.length > 0 ? `remove ${remove.map((m) => m.name).join(', ')}` : null];
  return {
    intent: (m) => ({ type: 'mail.mark', messages: m, add, remove }),
    title: `Label ${plural(messages.length, 'message')}: ${words.filter(Boolean).join(', ')}`,
    urgency: 'low',
  };
};

const markReadOf: EffectOf = (args, messages) => {
  const read = args.read !== false;
  return { intent: (m) => ({ type: 'mail.markRead', messages: m, read }), title: `Mark ${plural(messages.length, 'message')} ${read ? 'read' : 'unread'}`, urgency: 'low' };
};

const trashOf: EffectOf = (_args, messages) => ({
  intent: (m) => ({ type: 'mail.trash', messages: m }),
  title: `Move ${plural(messages.length, 'message')} to the Trash`,
  urgency: 'normal',
});

/** The messages a tool names, all in one account Steward may read, and what to do to them. */
function planOnMessages(deps: WritePlanDeps, step: ProposedStep, context: WritePlanContext, effectOf: EffectOf): WritePlan {
  const args = step.args;
  const ids = Array.isArray(args.messageIds) ? args.messageIds.map(String) : [];
  const messages = deps.mail.byIds(context.readable.map((a) => a.id), ids);
  const missing = ids.filter((id) => !messages.some((m) => m.id === id));
  if (missing.length > 0) return { ok: false, reason: `there is no message ${missing.slice(0, 3).join(', ')} in the mail Steward may read.` };
  const accountIds = new Set(messages.map((m) => m.accountId));
  if (accountIds.size !== 1) return { ok: false, reason: 'the messages are in different accounts: propose one step per account.' };
  const account = context.accounts.find((a) => accountIds.has(a.id));
  if (!account) return { ok: false, reason: 'the account of those messages is not connected.' };
  const effect = effectOf(args, messages);
  if (typeof effect === 'string') return { ok: false, reason: effect };
  return {
    ok: true,
    account,
    proposal: {
      kind: 'agent',
      accountId: account.id,
      dedupeKey: `agent:${context.stableKey}`,
      title: effect.title,
      why: step.reason,
      urgency: effect.urgency,
      flags: messages.length >= 10 ? [`Bulk: this changes ${messages.length} messages at once.`] : [],
      sources: messages.slice(0, 5).map(mailSource),
      items: messages.map((m) => ({ id: m.id, key: m.messageKey })),
      intents: [effect.intent(messages)],
    },
  };
}
