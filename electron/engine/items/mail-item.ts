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
}

export interface MailItem extends MailContent {
  readonly id: string;
  readonly accountId: string;
  readonly mailbox: string;
  readonly uidValidity: string;
  readonly uid: number;
  /** Message-ID, or a stand-in derived from sender, date and subject when it has none. */
  readonly messageKey: string;
  readonly receivedAt: string;
  readonly flags: readonly string[];
  readonly size: number;
  readonly present: boolean;
}

export function formatAddress(address: MailAddress): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

export function displayName(address: MailAddress): string {
  return address.name || address.address;
}
