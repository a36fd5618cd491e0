/**
 * The event item kind: what CalDAV and Google Calendar events become in the engine, how they
 * repeat, and the pure reasoning detectors use (free/busy, conflicts, focus blocks, the agenda),
 * plus invitations in the mail (iMIP).
 */
export * from './event-item.js';
export { parseIcs, MAX_ICS_CHARS, type IcsParseResult, type ObjectRef } from './ics-parse.js';
export { expandObject, expandObjects, instantOf, DEFAULT_LIMITS, type ExpansionLimits, type ExpansionOptions, type ExpansionResult, type ExpansionWindow } from './expand.js';
export { ZoneBook, isKnownZone, dateInZone, wallToUtcMs } from './zones.js';
export { freeBusy, isBusy, declinedBy, mergeBusy, type BusyBlock, type FreeBusy, type Interval } from './busy.js';
export { findConflicts, conflictsWith, describeConflict, formatMinutes, type Conflict } from './conflicts.js';
export { analyzeDay, focusBlockEvent, workingHours, DEFAULT_FOCUS_OPTIONS, type DayVerdict, type FocusOptions, type WorkingDay } from './focus-block.js';
export { inMeetingNow, nextEvent, meetingsStartingWithin, withOtherPeople, type InMeeting, type NextEvent } from './agenda.js';
export { adviseOnInvitation, type RsvpAdvice } from './invitation-advice.js';
export { EventStore, EVENT_STORE_SQL, type EventChange } from './event-store.js';
export { capabilityId, type CalendarCapability } from './calendar-capabilities.js';
export { newEventIcs, applyChanges, setOwnAnswer, storedInvitation, markCancelled, restoredVersion, stewardMarks, type EventChanges, type NewEventSpec } from './ics-edit.js';
export {
  parseInvitation,
  invitationsInMail,
  requestMessage,
  type MimePart,
  invitationState,
  invitationKey,
  buildReplyIcs,
  buildCancelIcs,
  replyMessage,
  cancelMessage,
  composeImip,
  type Answer,
  type ImipMessage,
  type ImipMethod,
  type Invitation,
  type InvitationParse,
  type InvitationState,
  type ReplyInput,
  type ScheduledEvent,
} from './imip.js';
export { EventKindStore, eventKind, eventMigrations, DETECTION_WINDOW, type EventKindOptions, type NewEventResource, type StoredEvent } from './event-kind.js';
