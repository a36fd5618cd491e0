/**
 * Until shared/domain/capabilities.ts lists the calendar capabilities (the connector reshape
 * adds them), tests that need the real gate to mint calendar tickets extend its tables with
 * them. Use it from a test file:
 *
 *   vi.mock('@shared/domain/capabilities.js', async (importOriginal) =>
 *     (await import('../calendar-capabilities.js')).withCalendarCapabilities(await importOriginal()));
 */
import { CALENDAR_CAPABILITIES } from '../electron/engine/items/event/calendar-capabilities.js';

interface CapabilitiesModule {
  readonly CAPABILITIES: Readonly<Record<string, unknown>>;
  readonly APPS: Readonly<Record<string, unknown>>;
}

export function withCalendarCapabilities<T extends CapabilitiesModule>(actual: T): T {
  const calendar = Object.fromEntries(Object.entries(CALENDAR_CAPABILITIES).map(([id, info]) => [id, { id, ...info }]));
  return {
    ...actual,
    CAPABILITIES: { ...actual.CAPABILITIES, ...calendar },
    APPS: { ...actual.APPS, caldav: { id: 'caldav', label: 'Calendar (CalDAV)', capabilities: Object.keys(calendar) } },
  };
}
