/**
 * The places a step acts in, read structurally from its arguments so that no connector needs a
 * case here: IMAP names mailboxes (`mailbox`, `toMailbox`), Gmail names labels (`{ id, name }`
 * under `from`/`to`/`label`), calendars are `calendar`/`calendarId`, the folders connector names
 * its granted roots (`rootId`). A step that names none of a kind touches none that a scope could
 * vouch for, so a grant scoped to that kind asks about it.
 */
import type { Places } from './grant-match.js';

const FOLDER_KEYS = new Set(['mailbox', 'toMailbox', 'fromMailbox', 'folder']);
const LABEL_KEYS = new Set(['from', 'to', 'label']);
const CALENDAR_KEYS = new Set(['calendar', 'calendarId', 'calendarUrl']);

export function placesOf(args: unknown): Places {
  const folders = new Set<string>();
  const calendars = new Set<string>();
  const pathRoots = new Set<string>();
  const visit = (value: unknown, key: string | null): void => {
    if (typeof value === 'string') {
      if (key === null) return;
      if (FOLDER_KEYS.has(key)) folders.add(value);
      else if (CALENDAR_KEYS.has(key)) calendars.add(value);
      else if (key === 'rootId') pathRoots.add(value);
      return;
    }
    if (Array.isArray(value)) {
      for (const v of value) visit(v, key);
      return;
    }
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      // A Gmail label reference { id, name } (not an address { name, address }).
      if (key !== null && LABEL_KEYS.has(key) && typeof record.name === 'string' && typeof record.id === 'string' && !('address' in record)) {
        folders.add(record.name);
        return;
      }
      // Without a list of entries per object: a bulk move names thousands of messages.
      for (const k in record) if (Object.hasOwn(record, k)) visit(record[k], k);
    }
  };
  visit(args, null);
  return { folders: [...folders], calendars: [...calendars], pathRoots: [...pathRoots] };
}
