/** The event item kind: what CalDAV and Google Calendar events become in the engine. */
export * from './event-item.js';
export { parseIcs, MAX_ICS_CHARS, type IcsParseResult, type ObjectRef } from './ics-parse.js';
export { expandObject, expandObjects, DEFAULT_LIMITS, type ExpansionLimits, type ExpansionOptions, type ExpansionResult, type ExpansionWindow } from './expand.js';
export { ZoneBook, isKnownZone } from './zones.js';
