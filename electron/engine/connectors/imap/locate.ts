import type { ImapFlow } from 'imapflow';
import { normalizeMessageId } from '../../items/mail/message-key.js';
import { uidSet } from './uid-set.js';

export interface MessageRef {
  readonly messageKey: string;
  readonly uid: number | null;
  readonly uidValidity: string | null;
}

/**
 * Finds messages in the selected mailbox, conservatively: moving the wrong message is worse
 * than reporting one as gone.
 * - A remembered UID under an unchanged UIDVALIDITY is the message, if its Message-ID still
 *   matches; if it does not, or the UID is gone, the message has left this mailbox (a UID is
 *   never reused, so a search could only find some other message).
 * - Without a usable UID (the server reported none, or renumbered the mailbox) the Message-ID
 *   is searched for, and only a single exact match counts.
 * Returns messageKey → UID.
 */
export async function locateMessages(client: ImapFlow, refs: readonly MessageRef[]): Promise<Map<string, number>> {
  const box = client.mailbox;
  if (!box) throw new Error('No mailbox is selected.');
  const validity = box.uidValidity.toString();
  const found = new Map<string, number>();

  const byUid = refs.filter((ref) => ref.uid !== null && ref.uidValidity === validity);
  if (byUid.length > 0) {
    const wanted = new Map(byUid.map((ref) => [ref.uid as number, ref.messageKey]));
    for await (const message of client.fetch(uidSet([...wanted.keys()]), { uid: true, envelope: true }, { uid: true })) {
      const key = wanted.get(message.uid);
      const id = normalizeMessageId(message.envelope?.messageId);
      // A message without a Message-ID can only be recognised by its unchanged UID.
      if (key !== undefined && (id === key || (id === null && key.startsWith('no-message-id:')))) found.set(key, message.uid);
    }
  }

  const bySearch = refs.filter((ref) => !(ref.uid !== null && ref.uidValidity === validity) && !ref.messageKey.startsWith('no-message-id:'));
  for (const ref of bySearch) {
    const uid = await findUniqueByMessageId(client, ref.messageKey);
    if (uid !== null) found.set(ref.messageKey, uid);
  }
  return found;
}

/** The one message in the selected mailbox with exactly this Message-ID; null if none or several. */
export async function findUniqueByMessageId(client: ImapFlow, messageKey: string): Promise<number | null> {
  const core = messageKey.replace(/^<|>$/g, '');
  const candidates = (await client.search({ header: { 'message-id': core } }, { uid: true })) || [];
  if (candidates.length === 0) return null;
  const exact: number[] = [];
  for await (const message of client.fetch(uidSet(candidates), { uid: true, envelope: true }, { uid: true })) {
    if (normalizeMessageId(message.envelope?.messageId) === messageKey) exact.push(message.uid);
  }
  return exact.length === 1 ? (exact[0] ?? null) : null;
}
