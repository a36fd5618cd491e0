/**
 * A message Steward sends, composed the same way every time for the same action: its
 * Message-ID comes from the action's id, its Date from the first attempt. So a retry builds the
 * very message that may already have left, the copy in Sent is that message, and the Sent
 * folder (or the recipient's server) can be searched for it.
 */
import { buildMessage } from '../../../items/mail/build-message.js';
import type { DraftArgs } from '../../../items/mail/mail-args.js';
import { STEWARD_ACTION_HEADER } from './draft.js';

export interface OutgoingSender {
  readonly email: string;
  readonly displayName: string;
}

/** `<steward.ACTION@example.com>`: unique per action, the same on every attempt. */
export function messageIdFor(actionId: string, senderEmail: string): string {
  const domain = /@([^@\s>]+)$/.exec(senderEmail.trim())?.[1]?.toLowerCase() ?? 'steward.invalid';
  return `<steward.${actionId}@${domain}>`;
}

/** Every address the message goes to (the envelope's RCPT TO), each once. */
export function recipientsOf(args: Pick<DraftArgs, 'to'>): string[] {
  return [...new Set(args.to.map((a) => a.address.trim().toLowerCase()))];
}

/**
 * The References of a reply: what the message it answers referenced, then that message, each
 * once and in order (RFC 5322 §3.6.4), so that every mail program threads it.
 */
export function referencesFor(args: Pick<DraftArgs, 'inReplyTo' | 'references'>): string[] {
  const chain = [...args.references, ...(args.inReplyTo ? [args.inReplyTo] : [])];
  return chain.filter((id, index) => id.trim() !== '' && chain.indexOf(id) === index);
}

/** The message as it goes on the wire (and into Sent). */
export function composeOutgoing(args: DraftArgs, sender: OutgoingSender, actionId: string, date: Date): Promise<Buffer> {
  const references = referencesFor(args);
  return buildMessage({
    from: { name: sender.displayName, address: sender.email },
    to: args.to,
    subject: args.subject,
    text: args.body,
    date,
    messageId: messageIdFor(actionId, sender.email),
    ...(args.inReplyTo ? { inReplyTo: args.inReplyTo } : {}),
    ...(references.length > 0 ? { references } : {}),
    headers: { [STEWARD_ACTION_HEADER]: actionId },
  });
}
