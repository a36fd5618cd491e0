/**
 * Wall time ↔ instant in a time zone. IANA zones come from the platform's own tz data (Intl, so
 * no bundled copy goes stale); zones a file defines itself come from its VTIMEZONE through
 * ical.js. A TZID nobody knows falls back to the user's zone, and the caller is told why.
 *
 * Gaps and overlaps follow RFC 5545 §3.3.5: a wall time skipped by a DST change is read with the
 * offset from before the change (02:30 on a spring-forward night becomes 03:30), and a repeated
 * wall time means its first occurrence.
 */
import type ICAL from 'ical.js';
import { ical, parseComponent } from './ical-module.js';

export interface WallTime {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(zone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
    } catch {
      formatter = null;
    }
    // Bounded: a hostile file could name thousands of zones.
    if (formatters.size > 2_000) formatters.clear();
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** True for a zone the platform knows by this name (IANA names and their aliases). */
export function isKnownZone(zone: string): boolean {
  // Offsets like "+05:30" are accepted by Intl but are not zone names a calendar means.
  return /^[A-Za-z]/.test(zone) && formatterFor(zone) !== null;
}

export function utcToWall(utcMs: number, zone: string): WallTime {
  const formatter = formatterFor(zone);
  if (!formatter) throw new Error(`Unknown time zone ${zone}.`);
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(new Date(utcMs))) parts[part.type] = part.value;
  const year = Number(parts.year);
  return {
    year: parts.era === 'BC' || parts.era === 'B' ? 1 - year : year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

export function wallMs(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/** The zone's offset from UTC at an instant, in ms (east positive). */
export function zoneOffsetMs(utcMs: number, zone: string): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  return wallMs(utcToWall(whole, zone)) - whole;
}

const DAY_MS = 86_400_000;

/** The instant a wall time names in an IANA zone, with RFC 5545's rules for gaps and overlaps. */
export function wallToUtcMs(wall: WallTime, zone: string): number {
  const local = wallMs(wall);
  // Offsets in force a day either side: a wall time sits in at most one transition between them.
  const before = zoneOffsetMs(local - DAY_MS, zone);
  const after = zoneOffsetMs(local + DAY_MS, zone);
  const fits = [before, after].filter((offset) => zoneOffsetMs(local - offset, zone) === offset).map((offset) => local - offset);
  // Overlap: both fit, the first occurrence is the earlier instant. Gap: neither fits, use the offset from before.
  return fits.length > 0 ? Math.min(...fits) : local - before;
}

/** "YYYY-MM-DD" of an instant in a zone. */
export function dateInZone(utcMs: number, zone: string): string {
  const wall = utcToWall(utcMs, zone);
  return formatDate(wall.year, wall.month, wall.day);
}

export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function formatWall(wall: WallTime): string {
  const time = [wall.hour, wall.minute, wall.second].map((n) => String(n).padStart(2, '0')).join(':');
  return `${formatDate(wall.year, wall.month, wall.day)}T${time}`;
}

/** Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:mm:ss" (the forms EventTime uses). */
export function parseWall(text: string): WallTime {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2}))?/.exec(text);
  if (!match) throw new Error(`Not a date or wall time: ${JSON.stringify(text)}.`);
  const [, y, mo, d, h, mi, s] = match;
  return { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h ?? 0), minute: Number(mi ?? 0), second: Number(s ?? 0) };
}

/** Calendar arithmetic on dates: "2024-03-30" + 2 → "2024-04-01". */
export function addDays(date: string, days: number): string {
  const wall = parseWall(date);
  const moved = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  return formatDate(moved.getUTCFullYear(), moved.getUTCMonth() + 1, moved.getUTCDate());
}

// --- Zones named in a calendar file -------------------------------------------------------------

/**
 * Windows zone names that Outlook and Exchange write as TZIDs, for files that leave out their
 * VTIMEZONE. The common ones only: a file that names another one and defines it is still read
 * from its VTIMEZONE.
 */
const WINDOWS_ZONES: Readonly<Record<string, string>> = {
  'UTC': 'Etc/UTC',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Romance Standard Time': 'Europe/Paris',
  'Central European Standard Time': 'Europe/Warsaw',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'FLE Standard Time': 'Europe/Kiev',
  'GTB Standard Time': 'Europe/Bucharest',
  'Russian Standard Time': 'Europe/Moscow',
  'Eastern Standard Time': 'America/New_York',
  'Central Standard Time': 'America/Chicago',
  'Mountain Standard Time': 'America/Denver',
  'US Mountain Standard Time': 'America/Phoenix',
  'Pacific Standard Time': 'America/Los_Angeles',
  'Alaskan Standard Time': 'America/Anchorage',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Atlantic Standard Time': 'America/Halifax',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'India Standard Time': 'Asia/Kolkata',
  'China Standard Time': 'Asia/Shanghai',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Korea Standard Time': 'Asia/Seoul',
  'Singapore Standard Time': 'Asia/Singapore',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'New Zealand Standard Time': 'Pacific/Auckland',
  'Arabian Standard Time': 'Asia/Dubai',
  'Israel Standard Time': 'Asia/Jerusalem',
  'South Africa Standard Time': 'Africa/Johannesburg',
};

/** How a TZID is turned into instants. */
type ZoneRule = { readonly kind: 'iana'; readonly zone: string } | { readonly kind: 'vtimezone'; readonly timezone: ICAL.Timezone };

/** Most a VTIMEZONE may hold: real ones have two observances, Outlook's history a few dozen. */
const MAX_OBSERVANCES = 400;

/**
 * The zones one calendar object can use: its own VTIMEZONE definitions, the platform's IANA
 * zones, and the user's zone for floating times and for TZIDs nobody defines.
 */
export class ZoneBook {
  private readonly rules = new Map<string, ZoneRule | null>();
  private readonly unknown = new Set<string>();

  /** @param definitions VTIMEZONE text by TZID, from the file. */
  constructor(
    readonly userZone: string,
    private readonly definitions: Readonly<Record<string, string>> = {},
  ) {
    if (!isKnownZone(userZone)) throw new Error(`The user's time zone "${userZone}" is not a known IANA zone.`);
  }

  /** The instant a wall time names in a TZID (null: floating, i.e. the user's zone). */
  toUtcMs(wall: WallTime, tzid: string | null): number {
    if (tzid === null) return wallToUtcMs(wall, this.userZone);
    const rule = this.ruleFor(tzid);
    if (rule === null) return wallToUtcMs(wall, this.userZone);
    if (rule.kind === 'iana') return wallToUtcMs(wall, rule.zone);
    const time = new (ical().Time)({ ...wall, isDate: false }, rule.timezone);
    return time.toUnixTime() * 1000;
  }

  /** The wall time of an instant in a TZID (null: the user's zone). */
  toWall(utcMs: number, tzid: string | null): WallTime {
    const rule = tzid === null ? null : this.ruleFor(tzid);
    if (rule === null) return utcToWall(utcMs, this.userZone);
    if (rule.kind === 'iana') return utcToWall(utcMs, rule.zone);
    const utc = ical().Time.fromJSDate(new Date(Math.floor(utcMs / 1000) * 1000), true);
    const local = utc.convertToZone(rule.timezone);
    return { year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute, second: local.second };
  }

  /** TZIDs used that Steward could not resolve (their times were read in the user's zone). */
  unknownZones(): readonly string[] {
    return [...this.unknown];
  }

  private ruleFor(tzid: string): ZoneRule | null {
    let rule = this.rules.get(tzid);
    if (rule === undefined) {
      rule = resolveZone(tzid, this.definitions[tzid]);
      if (rule === null) this.unknown.add(tzid);
      this.rules.set(tzid, rule);
    }
    return rule;
  }
}

/** The IANA name a TZID stands for, if any: itself, an old Mozilla/Lightning prefixed form, or a Windows name. */
export function ianaNameFor(tzid: string): string | null {
  const trimmed = tzid.trim().replace(/^"|"$/g, '');
  if (isKnownZone(trimmed)) return trimmed;
  // "/mozilla.org/20070129_1/Europe/Berlin", "/freeassociation.sourceforge.net/Tzfile/Europe/Berlin"
  const tail = /\/([A-Za-z_]+\/[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)?)$/.exec(trimmed)?.[1];
  if (tail && isKnownZone(tail)) return tail;
  const windows = WINDOWS_ZONES[trimmed];
  return windows && isKnownZone(windows) ? windows : null;
}

function resolveZone(tzid: string, definition: string | undefined): ZoneRule | null {
  const iana = ianaNameFor(tzid);
  if (iana !== null) return { kind: 'iana', zone: iana };
  if (definition === undefined) return null;
  const timezone = timezoneFromDefinition(tzid, definition);
  return timezone ? { kind: 'vtimezone', timezone } : null;
}

/**
 * An ical.js Timezone from VTIMEZONE text, or null when it is unusable. Only yearly rules are
 * accepted: ical.js expands observances with its recurrence iterator, which loops forever on
 * some impossible daily rules, and no real zone changes more than once a year per observance.
 */
function timezoneFromDefinition(tzid: string, definition: string): ICAL.Timezone | null {
  try {
    const component = parseComponent(definition);
    const observances = component.getAllSubcomponents();
    if (observances.length === 0 || observances.length > MAX_OBSERVANCES) return null;
    for (const observance of observances) {
      for (const rule of observance.getAllProperties('rrule')) {
        const value = rule.getFirstValue() as ICAL.Recur | null;
        if (!value || value.freq !== 'YEARLY') return null;
      }
    }
    return new (ical().Timezone)({ component, tzid });
  } catch {
    return null;
  }
}
