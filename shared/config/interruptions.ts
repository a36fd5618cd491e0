import { z } from 'zod';
import type { ConfigKey } from './keys.js';

/** "22:00-07:00": a daily span in the user's time zone (it may cross midnight). */
export const timeSpan = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'write a span like 22:00-07:00 (24-hour clock)');

export const INTERRUPTION_KEYS = {
  'interruptions.minUrgency': {
    schema: z.enum(['low', 'normal', 'high']),
    default: 'normal',
    description: 'Notify only for suggestions at least this urgent (low, normal or high); the rest wait in the popover.',
  } satisfies ConfigKey<'low' | 'normal' | 'high'>,
  'interruptions.quietHours': {
    schema: timeSpan.nullable(),
    default: '22:00-07:00',
    description: 'No notifications in this daily span, e.g. 22:00-07:00 (null: none).',
  } satisfies ConfigKey<string | null>,
  'interruptions.perHour': {
    schema: z.number().int().min(0).max(60),
    default: 4,
    description: 'At most this many notifications in any hour; more wait in the popover (0: never notify).',
  } satisfies ConfigKey<number>,
} as const;
