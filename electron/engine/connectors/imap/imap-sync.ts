/**
 * Incremental sync of one mailbox by UID: everything above the last UID seen, as long as
 * UIDVALIDITY has not changed (when it has, the server renumbered the mailbox and we start
 * over from the newest messages). New mail is taken in small batches, each stored together
 * with the cursor that covers it, so that a huge backlog neither fills memory nor starts over
 * after a crash.
 */
import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { z } from 'zod';
import { messageKeyOf, parseMail, type MailRole, type NewMailItem } from '../../items/mail/index.js';
import type { ItemSink } from '../../sync/ingest.js';
import { uidSet } from './uid-set.js';

/** Where a mailbox's sync stands: everything up to lastUid under this UIDVALIDITY is taken in. */
export const syncCursor = z.object({ uidValidity: z.string(), lastUid: z.number().int().min(0) });
export type SyncCursor = z.infer<typeof syncCursor>;

/** The source id of a message in a mailbox: UIDs mean nothing across a UIDVALIDITY change. */
export function externalIdOf(uidValidity: string, uid: number): string {
  return `${uidValidity}:${uid}`;
}

export function parseExternalId(externalId: string): { uidValidity: string; uid: number } | null {
  const match = /^(.+):(\d+)$/.exec(externalId);
  return match?.[1] && match[2] ? { uidValidity: match[1], uid: Number(match[2]) } : null;
}

/** On first sync (or after UIDVALIDITY changed) only the newest messages are taken in. */
export const INITIAL_WINDOW = 200;
/** Messages fetched, parsed and stored at a time. */
export const BATCH_SIZE = 50;
/** Partial fetch: headers and the start of the body are all the detectors need. */
const SOURCE_LIMIT_BYTES = 256 * 1024;

export async function syncMailbox(client: ImapFlow, mailbox: string, roles: readonly MailRole[], sink: ItemSink<NewMailItem>, now: () => Date): Promise<void> {
  const stored = syncCursor.safeParse(sink.cursor(mailbox));
  const cursor = stored.success ? stored.data : undefined;
  const lock = await client.getMailboxLock(mailbox);
  try {
    const box = client.mailbox;
    if (!box) throw new Error(`Could not open ${mailbox}.`);
    const uidValidity = box.uidValidity.toString();
    const fresh = !cursor || cursor.uidValidity !== uidValidity;
    const all = ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
    const wanted = fresh ? all.slice(-INITIAL_WINDOW) : all.filter((uid) => uid > cursor.lastUid);
    let lastUid = fresh ? 0 : cursor.lastUid;

    for (let start = 0; start < wanted.length; start += BATCH_SIZE) {
      const chunk = wanted.slice(start, start + BATCH_SIZE);
      const fetched: FetchMessageObject[] = [];
      const query = { uid: true, envelope: true, flags: true, internalDate: true, size: true, source: { maxLength: SOURCE_LIMIT_BYTES } };
      for await (const message of client.fetch(uidSet(chunk), query, { uid: true })) fetched.push(message);
      const items: NewMailItem[] = [];
      for (const message of fetched) items.push(await toItem(message, mailbox, roles, uidValidity, now));
      lastUid = chunk.reduce((max, uid) => Math.max(max, uid), lastUid);
      sink.commit({ stream: mailbox, cursor: { uidValidity, lastUid }, items });
    }
    sink.commit({
      stream: mailbox,
      cursor: { uidValidity, lastUid },
      items: [],
      presentExternalIds: new Set(all.map((uid) => externalIdOf(uidValidity, uid))),
    });
  } finally {
    lock.release();
  }
}

async function toItem(message: FetchMessageObject, mailbox: string, roles: readonly MailRole[], uidValidity: string, now: () => Date): Promise<NewMailItem> {
  const content = await parseMail(message.source, message.envelope);
  const received = message.internalDate ? new Date(message.internalDate) : null;
  return {
    ...content,
    stream: mailbox,
    externalId: externalIdOf(uidValidity, message.uid),
    messageKey: messageKeyOf(content),
    receivedAt: received && !Number.isNaN(received.getTime()) ? received.toISOString() : now().toISOString(),
    flags: [...(message.flags ?? [])],
    folders: [mailbox],
    roles,
    size: message.size ?? message.source?.length ?? 0,
  };
}
