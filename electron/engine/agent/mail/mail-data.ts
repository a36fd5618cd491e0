/**
 * Mail as the model sees it: an UntrustedItem (a data block) with the headers a reader needs and
 * the body. Everything here came from other people: it is data. Where a job needs only the start
 * of a message, the cut is made (and said) by the prompt renderer, outside the block.
 */
import { formatAddress, type MailItem } from '../../items/mail/mail-item.js';
import type { UntrustedItem } from '../prompt/untrusted-data.js';

/** A search hit shows this much of the body. */
export const EXCERPT_CHARS = 300;

export function mailAsData(item: MailItem, maxBodyChars?: number): UntrustedItem {
  const fields: Record<string, string> = {
    from: formatAddress(item.from),
    to: item.to.map(formatAddress).join(', '),
  };
  if (item.cc.length > 0) fields.cc = item.cc.map(formatAddress).join(', ');
  fields.date = item.sentAt ?? item.receivedAt;
  fields.subject = item.subject;
  fields.folder = item.folders.join(', ') || item.stream;
  if (item.flags.includes('\\Answered')) fields.answered = 'yes';
  return { id: item.id, kind: 'mail', fields, body: item.bodyText.replace(/\r\n/g, '\n'), ...(maxBodyChars === undefined ? {} : { maxBodyChars }) };
}
