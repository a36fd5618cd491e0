/**
 * files.read for the agent: `files_search` over the index of the granted folders that are
 * available now, and the text of one file read through the scope resolver. Both return
 * untrusted text (file names, snippets, contents): the agent must pass it to the model as
 * marked data, never as instructions.
 */
import { filesSearchInput } from '@shared/connectors/folders.js';
import type { DocumentTextReader } from '../../items/file/document-text.js';
import type { FileIndex } from '../../items/file/file-index.js';
import { excerptMethodOf } from '../../items/file/file-kinds.js';
import { baseNameOfRaw, displayOfKey, rawOfKey, type PathKey } from '../../items/file/path-key.js';
import { normalizeExcerpt, textExcerptOf } from '../../items/file/text-excerpt.js';
import { readContent } from './content-reader.js';
import { DOCUMENT_TEXT_LIMIT_BYTES } from './folder-indexer.js';
import type { ScopeResolver } from './scope-resolver.js';

export interface FileSearchResult {
  readonly rootId: string;
  readonly rootName: string;
  readonly path: PathKey;
  readonly displayPath: string;
  readonly kind: string;
  readonly size: number;
  readonly modifiedAt: string;
  /** Untrusted: words from the file, the matches between « and ». */
  readonly snippet: string;
}

/** The agent's `files_search` tool: validates its input, searches only the given (available) roots. */
export function filesSearch(index: FileIndex, roots: ReadonlyMap<string, string>, rawInput: unknown): FileSearchResult[] {
  const input = filesSearchInput.parse(rawInput);
  return index.search(input.query, { rootIds: [...roots.keys()], limit: input.limit ?? 10 }).map(({ item, snippet }) => ({
    rootId: item.rootId,
    rootName: roots.get(item.rootId) ?? item.rootId,
    path: item.path,
    displayPath: item.displayPath,
    kind: item.kind,
    size: item.size,
    modifiedAt: item.modifiedAt,
    snippet,
  }));
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
