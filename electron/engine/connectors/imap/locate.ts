import type { ImapFlow } from 'imapflow';

export interface MessageRef {
  readonly messageKey: string;
  readonly uid: number | null;
  readonly uidValidity: string | null;
}

/**
 * Finds messages in the selected mailbox. A remembered UID is trusted only if UIDVALIDITY is
 * unchanged and the message there still has the same Message-ID; otherwise the Message-ID is
 * searched for (a message that moved away and back has a new UID). Returns messageKey → UID.
 */
export async function locateMessages(client: ImapFlow, refs: readonly MessageRef[]): Promise<Map<string, number>> {
  const box = client.mailbox;
  if (!box) throw new Error('No mailbox is selected.');
  const validity = box.uidValidity.toString();
  const found = new Map<string, number>();

  const byUid = refs.filter((ref) => ref.uid !== null && ref.uidValidity === validity);
  if (byUid.length > 0) {
    const wanted = new Map(byUid.map((ref) => [ref.uid as number, ref.messageKey]));
    for await (const message of client.fetch([...wanted.keys()].join(','), { uid: true, envelope: true }, { uid: true })) {
      const key = wanted.get(message.uid);
      const id = message.envelope?.messageId?.trim();
      // A message without a Message-ID can only be recognised by its unchanged UID.
      if (key !== undefined && (id === key || (!id && key.startsWith('no-message-id:')))) found.set(key, message.uid);
    }
  }

  for (const ref of refs) {
    if (found.has(ref.messageKey) || ref.messageKey.startsWith('no-message-id:')) continue;
    const uids = (await client.search({ header: { 'message-id': ref.messageKey } }, { uid: true })) || [];
    for (const uid of uids) {
      const message = await client.fetchOne(String(uid), { uid: true, envelope: true }, { uid: true });
      if (message && message.envelope?.messageId?.trim() === ref.messageKey) {
        found.set(ref.messageKey, uid);
        break;
      }
    }
  }
  return found;
}
