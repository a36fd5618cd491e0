/** A mail message as the engine keeps it: enough for detectors and previews, not the whole MIME tree. */
export interface MailAddress {
  readonly name: string;
  readonly address: string;
}

/** The headers that tell bulk mail from a person writing. */
export interface MailHeaders {
  readonly listUnsubscribe: string | null;
  readonly listId: string | null;
  readonly precedence: string | null;
  readonly autoSubmitted: string | null;
}

export interface MailContent {
  readonly messageId: string | null;
  readonly from: MailAddress;
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly subject: string;
  readonly sentAt: string | null;
  readonly headers: MailHeaders;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  /** Plain text of the body (HTML converted), capped; untrusted. */
  readonly bodyText: string;
  /** Set when the message could not be parsed fully; what we have came from the envelope. */
  readonly parseError: string | null;
  /** What is attached, described only: the content itself is never kept. */
  readonly attachments: readonly MailAttachment[];
}

/** An attachment as metadata: enough to say "contract.pdf, 240 KB" without storing it. */
export interface MailAttachment {
  readonly name: string;
  /** Bytes as the server counts them (encoded size over IMAP); 0 when unknown. */
  readonly size: number;
  /**
   * The transfer encoding `size` counts ("base64"), when the size is the server's encoded one;
   * absent when it is the decoded size (a parsed message).
   */
  readonly encoding?: string;
  readonly type: string;
  /** A calendar part's iCalendar METHOD (REQUEST, CANCEL, REPLY), from its Content-Type. */
  readonly method?: string;
  /** A calendar part's event UID, which links the mail to the event in a calendar. */
  readonly uid?: string;
}

/**
 * The conversation a message belongs to, from its headers alone: the first Message-ID in
 * References is the thread's root, else the one it replies to, else the message itself.
 * (The root survives a reply chain that lost its middle, which In-Reply-To alone does not.)
 */
export function threadKeyOf(mail: Pick<MailContent, 'references' | 'inReplyTo'> & { readonly messageKey: string }): string {
  return mail.references[0] ?? mail.inReplyTo ?? mail.messageKey;
}

/**
 * What the server says about a message without parsing it (IMAP's ENVELOPE, Gmail's metadata):
 * the fallback when the message itself cannot be read.
 */
export interface MailEnvelope {
  readonly date?: Date | string;
  readonly subject?: string;
  readonly messageId?: string;
  readonly inReplyTo?: string;
  readonly from?: readonly EnvelopeAddress[];
  readonly to?: readonly EnvelopeAddress[];
  readonly cc?: readonly EnvelopeAddress[];
}

interface EnvelopeAddress {
  readonly name?: string;
  readonly address?: string;
}

/** What a folder is for. A Gmail message can be in several (labels), an IMAP message in one. */
export type MailRole = 'inbox' | 'sent' | 'drafts' | 'archive' | 'trash' | 'junk';

/** A message as a connector hands it over, before it has an id in the engine. */
export interface NewMailItem extends MailContent {
  /** Where it lives: the IMAP mailbox, or the connector's one stream for a label-based source. */
  readonly stream: string;
  /** The source's id for it within the stream (IMAP: "UIDVALIDITY:UID"; Gmail: the message id). */
  readonly externalId: string;
  /** Message-ID, or a stand-in derived from sender, date and subject when it has none. */
  readonly messageKey: string;
  readonly receivedAt: string;
  readonly flags: readonly string[];
  /** The folders (IMAP) or labels (Gmail) it is filed under. */
  readonly folders: readonly string[];
  readonly roles: readonly MailRole[];
  readonly size: number;
}

export interface MailItem extends NewMailItem {
  readonly id: string;
  /** See threadKeyOf: messages with the same key are one conversation. */
  readonly threadKey: string;
  readonly accountId: string;
  readonly present: boolean;
}

export function formatAddress(address: MailAddress): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

export function displayName(address: MailAddress): string {
  return address.name || address.address;
}
