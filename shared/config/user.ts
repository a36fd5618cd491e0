import { z } from 'zod';
import type { ConfigKey } from './keys.js';

/** An IANA zone name the runtime knows ("Europe/Paris"); the empty string means the system's. */
export const timeZone = z.string().refine((zone) => {
  if (zone === '') return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'use a time zone name such as Europe/Paris or America/New_York');

export const USER_KEYS = {
  'user.timeZone': {
    schema: timeZone,
    default: '',
    description: 'Your time zone, for quiet hours, routines and the calendar (empty: the system’s).',
  } satisfies ConfigKey<string>,
  'presence.host': {
    schema: z.enum(['active', 'away']),
    default: 'active',
    description: 'Under `steward host` nothing reports presence: whether to treat you as at the screen (active) or away.',
  } satisfies ConfigKey<'active' | 'away'>,
} as const;
