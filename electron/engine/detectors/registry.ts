/**
 * The detectors that run on new items, by item kind. A new detector is a module beside these
 * and one line here.
 */
import type { ItemKind } from '@shared/domain/types.js';
import { attachmentSavedDetector } from './attachment-saved.js';
import { awaitingReplyDetector } from './awaiting-reply.js';
import { conflictDetector } from './calendar/conflict.js';
import { focusDetector } from './calendar/focus-day.js';
import { rsvpDetector } from './calendar/rsvp.js';
import { deadlineDetector } from './deadline.js';
import { downloadsTidyDetector } from './downloads-tidy.js';
import { duplicateDownloadsDetector } from './duplicate-downloads.js';
import { invitationDetector } from './invitation.js';
import { needsReplyDetector } from './needs-reply.js';
import { newslettersDetector } from './newsletters.js';
import { promisedFileDetector } from './promised-file.js';
import type { Detector } from './types.js';

const DETECTORS: readonly Detector[] = [
  newslettersDetector,
  needsReplyDetector,
  awaitingReplyDetector,
  promisedFileDetector,
  invitationDetector,
  deadlineDetector,
  rsvpDetector,
  conflictDetector,
  focusDetector,
  downloadsTidyDetector,
  duplicateDownloadsDetector,
  attachmentSavedDetector,
];

export function detectorsFor(kind: ItemKind): readonly Detector[] {
  return DETECTORS.filter((detector) => detector.itemKind === kind);
}

export function detectorById(id: string): Detector | undefined {
  return DETECTORS.find((detector) => detector.id === id);
}
