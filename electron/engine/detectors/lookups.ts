/**
 * Read-only looks a detector may take beyond the items it was handed, for rules that join two
 * kinds: a file in Downloads that was saved from a mail's attachment. The scheduler passes them
 * through without knowing what they are for; each is answered where its data lives.
 */
import type { AttachmentMeta, CandidateFolder } from '../items/file/detectors/attachment-saved.js';
import { displayName } from '../items/mail/mail-item.js';
import type { MailStore } from '../items/mail/mail-store.js';

export interface DetectorLookups {
  /** Attachments of present mail received since then, on any account, newest mail first (bounded). */
  mailAttachmentsSince(since: Date): readonly AttachmentMeta[];
  /** The folders of the user's recent work ("what you are working on"), most recent first. */
  workFolders(since: Date, until: Date): readonly CandidateFolder[];
  /** Files in the granted folders whose name or path has all these words, best match first (bounded). */
  filesNamed(words: string): readonly NamedFile[];
  /** The present messages of one conversation on an account, oldest first. */
  threadMessages(accountId: string, threadKey: string): readonly ThreadMessage[];
}

export interface NamedFile {
  readonly fileId: string;
  readonly name: string;
  /** Where the user sees it: "Work/Q3/Q3 deck.pptx". */
  readonly shownPath: string;
  readonly modifiedAt: string;
}

export interface ThreadMessage {
  readonly itemId: string;
  readonly fromAddress: string;
  readonly at: string;
  readonly attachmentCount: number;
}

/** A burst of mail with attachments beyond this is not what a file saved this week came from. */
const MAX_MESSAGES = 300;

export function mailAttachmentsSince(mail: Pick<MailStore, 'withAttachmentsSince'>, since: Date): AttachmentMeta[] {
  return mail.withAttachmentsSince(since, MAX_MESSAGES).flatMap((message) =>
    message.attachments.map((attachment) => ({
      itemId: message.itemId,
      filename: attachment.name,
      size: attachment.size,
      ...(attachment.encoding ? { encoding: attachment.encoding } : {}),
      contentType: attachment.type,
      receivedAt: message.receivedAt,
      subject: message.subject,
      from: displayName(message.from),
    })),
  );
}

/** Lookups that find nothing: for engines and tests without mail or folders. */
export const NO_LOOKUPS: DetectorLookups = {
  mailAttachmentsSince: () => [],
  workFolders: () => [],
  filesNamed: () => [],
  threadMessages: () => [],
};
