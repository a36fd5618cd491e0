/**
 * files.read for the agent (the `files_search` and `files_read` tools of agent/tools): search
 * over the index of the granted folders that are available now, and the text of one file read
 * through the scope resolver. Both return untrusted text (file names, snippets, contents): the
 * agent must pass it to the model as marked data, never as instructions. Folders are named as
 * the user sees them, "Documents/Projects/Alpha": the granted folder's name, then the path.
 */
import { ApiError } from '@shared/api/errors.js';
import type { DocumentTextReader } from '../../items/file/document-text.js';
import type { FileIndex } from '../../items/file/file-index.js';
import { excerptMethodOf } from '../../items/file/file-kinds.js';
import { baseNameOfRaw, displayOfKey, keyOfRaw, parentOfRaw, rawOfKey, type PathKey } from '../../items/file/path-key.js';
import { normalizeExcerpt, textExcerptOf } from '../../items/file/text-excerpt.js';
import { readContent } from './content-reader.js';
import { DOCUMENT_TEXT_LIMIT_BYTES } from './folder-indexer.js';
import type { ScopeResolver } from './scope-resolver.js';

export interface FileSearchResult {
  /** Steward's id of the file (files_read, files_move and files_trash take it). */
  readonly fileId: string;
  readonly rootId: string;
  readonly path: PathKey;
  /** "Documents/Projects/Alpha/plan.md". */
  readonly shownPath: string;
  /** The folder it is in, as files_move's `toFolder` takes it. */
  readonly folder: string;
  readonly kind: string;
  readonly size: number;
  readonly modifiedAt: string;
  /** Untrusted: words from the file, the matches between « and ». */
  readonly snippet: string;
}

export interface FilesSearchInput {
  readonly query: string;
  /** Only inside this folder ("Documents/Projects"). */
  readonly folder?: string;
  readonly limit?: number;
}

/** `files_search`: only the given (granted and available) roots, optionally only inside one folder. */
export function filesSearch(index: FileIndex, roots: ReadonlyMap<string, string>, input: FilesSearchInput): FileSearchResult[] {
  const limit = Math.min(Math.max(input.limit ?? 10, 1), 50);
  let rootIds = [...roots.keys()];
  let under: string | null = null;
  if (input.folder !== undefined) {
    const folder = folderOfShown(roots, input.folder);
    if (!folder) throw new ApiError('not_found', `There is no connected folder called "${input.folder.split('/')[0] ?? ''}". The connected folders are: ${[...roots.values()].join(', ')}.`);
    rootIds = [folder.rootId];
    under = folder.path;
  }
  // Ask for more than needed when filtering to a folder, so that the filter still leaves enough.
  const hits = index.search(input.query, { rootIds, limit: under ? 100 : limit });
  return hits
    .filter(({ item }) => under === null || under === '' || item.path === under || item.path.startsWith(`${under}/`))
    .slice(0, limit)
    .map(({ item, snippet }) => {
      const rootName = roots.get(item.rootId) ?? item.rootId;
      const raw = rawOfKey(item.path);
      return {
        fileId: String(item.id),
        rootId: item.rootId,
        path: item.path,
        shownPath: shownPathOf(rootName, item.path),
        folder: shownPathOf(rootName, keyOfRaw(parentOfRaw(raw))),
        kind: item.kind,
        size: item.size,
        modifiedAt: item.modifiedAt,
        snippet,
      };
    });
}

/** "Downloads" for a root's own path, "Documents/Projects/Alpha" below it. */
export function shownPathOf(rootName: string, path: PathKey): string {
  const shown = displayOfKey(path);
  return shown === '' ? rootName : `${rootName}/${shown}`;
}

/** The folder a shown path names ("Documents/Projects" → the Documents root, "Projects"), or null. */
export function folderOfShown(roots: ReadonlyMap<string, string>, shown: string): { readonly rootId: string; readonly path: PathKey } | null {
  const trimmed = shown.replace(/^\/+|\/+$/g, '');
  // The longest root name that starts the path wins ("My Docs" before "My").
  const candidates = [...roots.entries()].filter(([, name]) => trimmed === name || trimmed.startsWith(`${name}/`)).sort((a, b) => b[1].length - a[1].length);
  const [match] = candidates;
  if (!match) return null;
  const [rootId, name] = match;
  return { rootId, path: trimmed.slice(name.length + 1) };
}

/** `files_read` by Steward's file id (as files_search returns it). */
export async function readFileTextById(index: FileIndex, resolver: ScopeResolver, documents: DocumentTextReader, fileId: string, maxChars = 16_000): Promise<FileText> {
  const item = /^\d+$/.test(fileId) ? index.byId(Number(fileId)) : null;
  if (!item) return { ok: false, displayPath: fileId, reason: 'Steward knows no file with that id (it may have been moved or deleted); search again.' };
  return readFileText(resolver, documents, item.rootId, item.path, maxChars);
}

export type FileText =
  | { readonly ok: true; readonly displayPath: string; readonly text: string; readonly truncated: boolean }
  | { readonly ok: false; readonly displayPath: string; readonly reason: string };

/** The text of one file, at most `maxChars`, read through every scope check (links, hard links, the root itself). */
export async function readFileText(resolver: ScopeResolver, documents: DocumentTextReader, rootId: string, path: PathKey, maxChars = 16_000): Promise<FileText> {
  const raw = rawOfKey(path);
  const displayPath = displayOfKey(path);
  const method = excerptMethodOf(baseNameOfRaw(raw).toString('utf8'));
  if (method === 'none') return { ok: false, displayPath, reason: 'Steward reads the text of text, code, Word and PDF files only.' };
  const headBytes = maxChars * 4;
  const result = await readContent(resolver, rootId, raw, { headBytes: method === 'text' ? headBytes : 0, wholeUpTo: method === 'text' ? 0 : DOCUMENT_TEXT_LIMIT_BYTES });
  if (result.state !== 'done') return { ok: false, displayPath, reason: result.note };
  if (method === 'text') {
    const text = textExcerptOf(result.head, maxChars, result.head.length < result.stamp.size);
    if (text.kind === 'binary') return { ok: false, displayPath, reason: 'It looks like a binary file, not text.' };
    return { ok: true, displayPath, text: text.text, truncated: result.head.length < result.stamp.size || text.text.length >= maxChars };
  }
  if (!result.whole) return { ok: false, displayPath, reason: `It is bigger than ${DOCUMENT_TEXT_LIMIT_BYTES / 1024 / 1024} MB, so Steward does not read its text.` };
  const text = await documents.read(method, result.whole, maxChars + 1);
  if (!text.ok) return { ok: false, displayPath, reason: text.reason };
  const normalized = normalizeExcerpt(text.text, maxChars);
  return { ok: true, displayPath, text: normalized, truncated: text.text.length > maxChars };
}
