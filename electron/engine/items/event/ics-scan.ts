/**
 * The first defence against hostile calendar files, before ical.js sees anything: unfolds
 * lines, drops what is not a content line, drops components nested deeper than a calendar needs
 * (ical.js builds its tree recursively), closes what a file cut short left open, and hands back
 * each VEVENT and VTIMEZONE as a block of its own, with what was dropped from it in words.
 */

/** VCALENDAR › VEVENT › VALARM (or VTIMEZONE › STANDARD): deeper than this is not a calendar. */
const MAX_DEPTH = 3;

export interface Block {
  readonly lines: string[];
  /** Lines dropped from this block, by property name, with why. */
  readonly dropped: string[];
  /** How deep in the file the block starts (1 for a bare VEVENT, 2 inside a VCALENDAR). */
  readonly depth: number;
}

export interface Scan {
  readonly sawCalendar: boolean;
  readonly method: string | null;
  readonly events: Block[];
  readonly timeZones: Block[];
  readonly fileProblems: string[];
}

/** A content line: NAME, then parameters (quoted values may hold ':' and ';'), then ':'. */
const CONTENT_LINE = /^[A-Za-z0-9-]+(?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*:/;

function unfold(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').replace(/\n[ \t]/g, '').split('\n');
}

/** Splits the file into VEVENT and VTIMEZONE blocks, dropping what cannot be a calendar line. */
export function scanComponents(text: string): Scan {
  const stack: string[] = [];
  const events: Block[] = [];
  const timeZones: Block[] = [];
  let current: Block | null = null;
  /** Set while inside a component that is being skipped: the depth where skipping began. */
  let skipFrom: number | null = null;
  let sawCalendar = false;
  let method: string | null = null;
  let tooDeep = 0;
  let strayLines = 0;
  let strayEnds = 0;

  for (const rawLine of unfold(text)) {
    const line = rawLine.replace(/^\uFEFF/, '');
    if (line.trim() === '') continue;
    const marker = /^(BEGIN|END):(.+)$/i.exec(line.trim());
    if (marker?.[1]?.toUpperCase() === 'BEGIN') {
      const name = (marker[2] ?? '').trim().toUpperCase();
      stack.push(name);
      const depth = stack.length;
      if (skipFrom !== null) continue;
      const atCalendarLevel = depth === 1 || (depth === 2 && stack[0] === 'VCALENDAR');
      if ((name === 'VEVENT' || name === 'VTIMEZONE') && atCalendarLevel) {
        current = { lines: [`BEGIN:${name}`], dropped: [], depth };
        (name === 'VEVENT' ? events : timeZones).push(current);
      } else if (name === 'VEVENT' && current) {
        // An event inside an event: no calendar writes that on purpose.
        current.dropped.push('a VEVENT nested inside the event');
        skipFrom = depth;
      } else if (depth > MAX_DEPTH) {
        tooDeep++;
        skipFrom = depth;
      } else {
        if (name === 'VCALENDAR' && depth === 1) sawCalendar = true;
        current?.lines.push(`BEGIN:${name}`);
      }
      continue;
    }
    if (marker) {
      const index = stack.lastIndexOf((marker[2] ?? '').trim().toUpperCase());
      if (index < 0) {
        strayEnds++;
        continue;
      }
      // Close it, and whatever was left open inside it (a missing END:VALARM and the like).
      while (stack.length > index) {
        const depth = stack.length;
        const open = stack.pop() as string;
        if (skipFrom !== null) {
          if (depth === skipFrom) skipFrom = null;
          continue;
        }
        current?.lines.push(`END:${open}`);
        if (current && depth === current.depth) current = null;
      }
      continue;
    }
    if (skipFrom !== null) continue;
    if (!CONTENT_LINE.test(line)) {
      if (current) current.dropped.push(`a malformed line ${JSON.stringify(line.slice(0, 40))}`);
      else strayLines++;
      continue;
    }
    if (current) current.lines.push(line);
    else if (stack.length === 1 && /^METHOD:/i.test(line)) method = line.slice(7).trim().toUpperCase() || null;
  }
  // A block still open at the end of the file: close it so what it holds can still be read.
  if (current) {
    const open = stack.slice(current.depth - 1, skipFrom === null ? undefined : skipFrom - 1).reverse();
    for (const name of open) current.lines.push(`END:${name}`);
    current.dropped.push('the end of the event (the file was cut short)');
  }
  const fileProblems: string[] = [];
  if (tooDeep > 0) fileProblems.push(`${tooDeep} component(s) nested deeper than a calendar allows were ignored.`);
  if (strayLines > 0) fileProblems.push(`${strayLines} malformed line(s) outside any event were ignored.`);
  if (strayEnds > 0) fileProblems.push(`${strayEnds} END line(s) without a matching BEGIN were ignored.`);
  return { sawCalendar, method, events, timeZones, fileProblems };
}
