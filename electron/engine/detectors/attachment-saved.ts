/**
 * A file saved to Downloads that is a mail's attachment → "File “Q3 numbers.pdf” in
 * Projects/Alpha", one suggestion per file, when a folder of recent work shares a word with
 * the mail or the file (the rule itself is items/file/detectors/attachment-saved.ts). The mail
 * is found through the context's read-only lookups: this detector sees files, not mail. A file
 * saved while its mail has not been synced yet is looked at once more a little later.
 */
import { attachmentIntent, bestFolderFor, matchAttachments, type AttachmentMatch } from '../items/file/detectors/attachment-saved.js';
import type { StoredFileItem } from '../items/file/file-store.js';
import type { Proposal } from '../suggestions/suggestion-draft.js';
import { intentFileOf } from './file-folders.js';
import type { Detector, DetectorContext, Revisit } from './types.js';

const DAY_MS = 86_400_000;
/** Attachments of mail older than this are not what a file saved now came from. */
const MAIL_WINDOW_DAYS = 14;
/** "Related work" is what was edited in this long. */
const WORK_WINDOW_DAYS = 30;
/** How long after a save its mail may take to reach Steward (a sync in progress, a slow server). */
const LOOK_AGAIN_MS = 5 * 60_000;

function proposalsFor(items: readonly StoredFileItem[], context: DetectorContext): Proposal[] {
  const covered = context.covered('attachment-saved', items.map((item) => item.itemKey));
  const files = items.filter((item) => !covered.has(item.itemKey));
  if (files.length === 0) return [];
  const now = context.now.getTime();
  const attachments = context.lookups.mailAttachmentsSince(new Date(now - MAIL_WINDOW_DAYS * DAY_MS));
  const matches = attachments.length === 0 ? [] : matchAttachments(attachments, files.map(intentFileOf));
  if (matches.length === 0) return [];
  const folders = context.lookups.workFolders(new Date(now - WORK_WINDOW_DAYS * DAY_MS), context.now);
  const byPath = new Map(files.map((file) => [`${file.rootId}\u0000${file.path}`, file]));
  const proposed = new Set<string>();
  return matches.flatMap((match) => {
    const file = byPath.get(`${match.file.rootId}\u0000${match.file.path}`);
    // Two mails with the same attachment: the newest one (lookups list newest first) speaks for the file.
    if (!file || proposed.has(file.id)) return [];
    proposed.add(file.id);
    // Filing it where it already is would be no tidy-up.
    const elsewhere = folders.filter((candidate) => candidate.folder.rootId !== file.folder.rootId || candidate.folder.path !== file.folder.path);
    const proposal = proposalFor(file, match, bestFolderFor(match, elsewhere), context);
    return proposal ? [proposal] : [];
  });
}

function proposalFor(file: StoredFileItem, match: AttachmentMatch, destination: ReturnType<typeof bestFolderFor>, context: DetectorContext): Proposal | null {
  const intent = attachmentIntent(match, destination);
  if (!intent) return null;
  return {
    kind: 'attachment-saved',
    accountId: context.account.id,
    dedupeKey: `attachment-saved:${context.account.id}:${file.itemKey}`,
    title: intent.title,
    why: intent.why,
    urgency: 'low',
    flags: [],
    items: [{ id: file.id, key: file.itemKey }],
    sources: [
      { kind: 'file', itemId: file.id, label: file.folderLabel, subject: file.name, at: file.modifiedAt },
      { kind: 'mail', itemId: match.attachment.itemId, label: match.attachment.from, subject: match.attachment.subject, at: match.attachment.receivedAt },
    ],
    intents: [{ type: 'files', intent }],
  };
}

export const attachmentSavedDetector: Detector<StoredFileItem> = {
  id: 'attachment-saved',
  itemKind: 'file',
  detect: proposalsFor,
  watch(fresh, context) {
    // Only a file saved just now can be waiting for its mail; an old file found by a scan is not.
    const now = context.now.getTime();
    const at = new Date(now + LOOK_AGAIN_MS).toISOString();
    const revisit: Revisit[] = fresh
      .filter((item) => Date.parse(item.modifiedAt) > now - LOOK_AGAIN_MS)
      .map((item) => ({ itemId: item.id, key: item.itemKey, at }));
    return { revisit, settle: [] };
  },
  revisit: proposalsFor,
};
