/**
 * Copies of a download ("report (1).pdf") byte-for-byte equal to the original → "Move 2
 * duplicates of “report.pdf” in Downloads to the Trash", one suggestion per Downloads folder
 * (the rule itself is items/file/detectors/duplicate-downloads.ts). Files whose content was not
 * read yet have no hash and are left for a later look.
 */
import { duplicateDownloads, type HashedFile } from '../items/file/detectors/duplicate-downloads.js';
import type { StoredFileItem } from '../items/file/file-store.js';
import type { Proposal } from '../suggestions/suggestion-draft.js';
import { byPathOf, candidatesIn, coverageOf, folderDedupeKey, foldersOf, intentFileOf, type FolderView } from './file-folders.js';
import type { Detector, DetectorContext } from './types.js';

function proposalFor(view: FolderView, context: DetectorContext, requireFresh: boolean): Proposal | null {
  const candidates = candidatesIn(view, 'duplicate-downloads', context);
  if (requireFresh && !candidates.fresh) return null;
  // The originals are kept, so they may be listed again even when an earlier suggestion had them.
  const covered = new Set(candidates.files.map((file) => file.itemKey));
  const hashed: HashedFile[] = view.files.flatMap((file) => (file.hash === null ? [] : [{ ...intentFileOf(file), hash: file.hash }]));
  const intent = duplicateDownloads(view.label, hashed);
  if (!intent) return null;
  const byPath = byPathOf(view.files);
  const groups = intent.groups
    .map((group) => ({ ...group, copies: group.copies.filter((copy) => covered.has(byPath.get(`${copy.rootId}\u0000${copy.path}`)?.itemKey ?? '')) }))
    .filter((group) => group.copies.length > 0);
  if (groups.length === 0) return null;
  const narrowed = duplicateDownloads(view.label, hashed.filter((file) => groups.some((group) => group.keep.path === file.path || group.copies.some((copy) => copy.path === file.path))));
  if (!narrowed) return null;
  const copies = narrowed.groups.flatMap((group) => group.copies);
  return {
    kind: 'duplicate-downloads',
    accountId: context.account.id,
    dedupeKey: folderDedupeKey('duplicate-downloads', context.account.id, view),
    title: narrowed.title,
    why: narrowed.why,
    urgency: 'low',
    flags: [],
    ...coverageOf(copies, byPath, view.label),
    intents: [{ type: 'files', intent: narrowed }],
  };
}

export const duplicateDownloadsDetector: Detector<StoredFileItem> = {
  id: 'duplicate-downloads',
  itemKind: 'file',
  detect: (fresh, context) => foldersOf(fresh).flatMap((view) => proposalFor(view, context, true) ?? []),
  revise: (remaining, context) => {
    const [view] = foldersOf(remaining);
    return view ? proposalFor(view, context, false) : null;
  },
};
