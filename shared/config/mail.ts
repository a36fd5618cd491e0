import { z } from 'zod';
import type { ConfigKey } from './keys.js';

export const MAIL_KEYS = {
  'mail.undoSendSeconds': {
    schema: z.number().int().min(0).max(120),
    default: 10,
    description: 'How long an approved message waits in the outbox, so that Undo can still recall it (0 to 120 seconds; 0: it leaves at once).',
  } satisfies ConfigKey<number>,
  'mail.followUpDays': {
    schema: z.number().int().min(1).max(60),
    default: 3,
    description: 'Suggest a follow-up when a question you sent has had no answer for this many days (1 to 60).',
  } satisfies ConfigKey<number>,
} as const;
