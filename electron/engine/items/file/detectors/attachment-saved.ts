/**
 * An email attachment that was also saved to Downloads: same size to the byte, the same name
 * (or a browser's copy-name of it, "report (1).pdf"), a file type that fits the attachment's
 * MIME type, and saved after the mail arrived. When a project folder's name shares a word with
 * the mail's subject or the file's name, the intent offers to file it there. Pure.
 */
import type { FileRef } from '../file-item.js';
import { extensionOf } from '../file-kinds.js';
import type { FileIntent, IntentFile } from './file-intents.js';
import { isNameOrCopyOf } from './copy-names.js';

export interface AttachmentMeta {
  /** The mail item it belongs to. */
  readonly itemId: string;
  readonly filename: string;
  /** Size in bytes: decoded, or as encoded in `encoding` (a server's BODYSTRUCTURE counts base64). */
  readonly size: number;
  /** The transfer encoding `size` counts; absent when it is the decoded size. */
  readonly encoding?: string;
  readonly contentType: string;
  readonly receivedAt: string;
  readonly subject: string;
  readonly from: string;
}

export interface AttachmentMatch {
  readonly attachment: AttachmentMeta;
  readonly file: IntentFile;
}

/** A folder the attachment could go to, e.g. from "what you are working on". */
export interface CandidateFolder {
  readonly folder: FileRef;
  readonly label: string;
}

/** Which extensions fit a MIME type; a type not listed fits any extension. */
const EXTENSIONS_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/msword': ['doc'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.ms-excel': ['xls'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/zip': ['zip'],
  'text/csv': ['csv'],
  'text/plain': ['txt', 'text', 'log', 'md'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
};

/** Saving a file an hour before the mail arrived is no match; a clock a minute off is. */
const CLOCK_SLACK_MS = 60_000;

export function matchAttachments(attachments: readonly AttachmentMeta[], downloads: readonly IntentFile[]): AttachmentMatch[] {
  const matches: AttachmentMatch[] = [];
  for (const attachment of attachments) {
    const file = downloads
      .filter((candidate) => sizeFits(candidate.size, attachment))
      .filter((candidate) => isNameOrCopyOf(candidate.name, attachment.filename))
      .filter((candidate) => typeFits(candidate.name, attachment.contentType))
      .filter((candidate) => Date.parse(candidate.modifiedAt) >= Date.parse(attachment.receivedAt) - CLOCK_SLACK_MS)
      // The earliest save after the mail is the one saved from it; later ones are copies.
      .sort((a, b) => Date.parse(a.modifiedAt) - Date.parse(b.modifiedAt))[0];
    if (file) matches.push({ attachment, file });
  }
  return matches;
}

/**
 * Whether a file of `bytes` is what the attachment decodes to. A decoded size must be equal to
 * the byte; a base64 size is compared with what the common mail programs make of those bytes
 * (76- or 72-character lines, CRLF or LF, with or without a break after the last line), so it
 * stays exact without knowing which program sent the mail.
 */
export function sizeFits(bytes: number, attachment: Pick<AttachmentMeta, 'size' | 'encoding'>): boolean {
  if (attachment.encoding?.toLowerCase() !== 'base64') return bytes === attachment.size;
  const chars = 4 * Math.ceil(bytes / 3);
  if (chars === attachment.size) return true;
  for (const lineLength of [76, 72, 64]) {
    const lines = Math.ceil(chars / lineLength);
    for (const eol of [2, 1]) {
      if (chars + eol * lines === attachment.size || chars + eol * (lines - 1) === attachment.size) return true;
    }
  }
  return false;
}

export function typeFits(name: string, contentType: string): boolean {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const allowed = EXTENSIONS_BY_TYPE[type];
  return allowed === undefined || allowed.includes(extensionOf(name));
}

/** The candidate folder that shares the most meaningful words with the mail and the file, if any. */
export function bestFolderFor(match: AttachmentMatch, candidates: readonly CandidateFolder[]): CandidateFolder | null {
  const words = wordsOf(`${match.attachment.subject} ${match.attachment.filename.replace(/\.[^.]+$/, '')}`);
  let best: { candidate: CandidateFolder; score: number } | null = null;
  for (const candidate of candidates) {
    const score = [...wordsOf(candidate.label)].filter((word) => words.has(word)).length;
    if (score > 0 && (!best || score > best.score)) best = { candidate, score };
  }
  return best?.candidate ?? null;
}

export function attachmentIntent(match: AttachmentMatch, destination: CandidateFolder | null): Extract<FileIntent, { kind: 'move-files' }> | null {
  if (!destination) return null;
  const { attachment, file } = match;
  return {
    kind: 'move-files',
    detector: 'attachment-saved',
    title: `File “${file.name}” in ${destination.label}`,
    why: `You saved the attachment of “${attachment.subject}” from ${attachment.from} to Downloads; ${destination.label} is where related work is.`,
    files: [file],
    toFolder: destination.folder,
    createFolder: false,
  };
}

const STOPWORDS = new Set(['the', 'and', 'for', 'with', 'from', 'your', 'our', 'this', 'that', 'fwd', 'fw', 're', 'aw', 'final', 'draft', 'copy', 'new', 'old']);

function wordsOf(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length >= 3 && !STOPWORDS.has(word) && !/^\d+$/.test(word)),
  );
}
