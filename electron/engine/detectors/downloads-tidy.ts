/**
 * Old loose files in Downloads → "Move 14 files older than 30 days from Downloads into
 * Downloads/Old 2026-11", one suggestion per Downloads folder listing every file (the rule
 * itself is items/file/detectors/downloads-tidy.ts). Files get old without changing, so each
 * new file asks to be looked at again when it turns 30 days old.
 */
import { DEFAULT_TIDY, tidyDownloads } from '../items/file/detectors/downloads-tidy.js';
import type { StoredFileItem } from '../items/file/file-store.js';
import type { Proposal } from '../suggestions/suggestion-draft.js';
import { byPathOf, candidatesIn, coverageOf, folderDedupeKey, foldersOf, intentFileOf, type FolderView } from './file-folders.js';
import type { Detector, DetectorContext, Revisit } from './types.js';

const DAY_MS = 86_400_000;

function proposalFor(view: FolderView, context: DetectorContext, requireFresh: boolean): Proposal | null {
  const candidates = candidatesIn(view, 'downloads-tidy', context);
  if (requireFresh && !candidates.fresh) return null;
  const timeZone = context.config('user.timeZone') || Intl.DateTimeFormat().resolvedOptions().timeZone;
  const intent = tidyDownloads(
    // The dated folder may exist already; the move uses it, and refuses (in words) rather than overwrite a name in it.
    { downloads: view.folder, label: view.label, files: candidates.files.map(intentFileOf), target: { exists: 'no', names: new Set() }, now: context.now },
    { ...DEFAULT_TIDY, timeZone },
  );
  if (!intent) return null;
  return {
    kind: 'downloads-tidy',
    accountId: context.account.id,
    dedupeKey: folderDedupeKey('downloads-tidy', context.account.id, view),
    title: intent.title,
    why: intent.why,
    urgency: 'low',
    flags: [],
    ...coverageOf(intent.files, byPathOf(view.files), view.label),
    intents: [{ type: 'files', intent }],
  };
}

function proposalsFor(items: readonly StoredFileItem[], context: DetectorContext): Proposal[] {
  return foldersOf(items).flatMap((view) => proposalFor(view, context, true) ?? []);
}

export const downloadsTidyDetector: Detector<StoredFileItem> = {
  id: 'downloads-tidy',
  itemKind: 'file',
  detect: proposalsFor,
  watch(fresh, context) {
    const revisit: Revisit[] = fresh.flatMap((item) => {
      const at = Date.parse(item.modifiedAt) + DEFAULT_TIDY.olderThanDays * DAY_MS + 60_000;
      return at > context.now.getTime() ? [{ itemId: item.id, key: item.itemKey, at: new Date(at).toISOString() }] : [];
    });
    return { revisit, settle: [] };
  },
  revisit: proposalsFor,
  revise: (remaining, context) => {
    const [view] = foldersOf(remaining);
    return view ? proposalFor(view, context, false) : null;
  },
};
