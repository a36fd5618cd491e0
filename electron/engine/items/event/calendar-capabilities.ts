/**
 * The calendar capabilities and their risk classes: create (reversible: tentative, and undo
 * deletes only what Steward created), update (reversible: undo restores the previous version),
 * respond (outward: it tells the organiser), cancel (destructive: it tells the attendees).
 * There is no capability to delete an event.
 *
 * shared/domain/capabilities.ts does not list them yet (the connector reshape adds them); until
 * it does, capabilityId() is the one place that hands them to the gate's CapabilityId type.
 */
import type { CapabilityId } from '@shared/domain/capabilities.js';

export type CalendarCapability = 'calendar.create' | 'calendar.update' | 'calendar.respond' | 'calendar.cancel';

export const CALENDAR_CAPABILITIES = {
  'calendar.read': { risk: 'read', label: 'Read calendars', description: 'See your calendars and events to know your day.' },
  'calendar.create': { risk: 'reversible', label: 'Add events', description: 'Add tentative events (such as focus blocks). Undo deletes only events Steward added.' },
  'calendar.update': { risk: 'reversible', label: 'Change events', description: 'Change your own events. Undo puts the previous version back.' },
  'calendar.respond': { risk: 'outward', label: 'Answer invitations', description: 'Accept, decline or tentatively accept invitations. The organiser is told.' },
  'calendar.cancel': { risk: 'destructive', label: 'Cancel events', description: 'Cancel events you organise. The attendees are told; nothing is deleted.' },
} as const;

export function capabilityId(capability: CalendarCapability): CapabilityId {
  return capability;
}
