/**
 * The calendar write capabilities as the CalDAV writer names them: create (reversible:
 * tentative, and undo deletes only what Steward created), update (reversible: undo restores the
 * previous version), respond (outward: it tells the organiser), cancel (destructive: it tells
 * the attendees). There is no capability to delete an event. Their risk classes and labels live
 * in shared/domain/capabilities.ts with every other capability.
 */
import type { CapabilityId } from '@shared/domain/capabilities.js';

export type CalendarCapability = 'calendar.create' | 'calendar.update' | 'calendar.respond' | 'calendar.cancel';


export function capabilityId(capability: CalendarCapability): CapabilityId {
  return capability;
}
