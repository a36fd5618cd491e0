/**
 * The brakes on what runs without anyone asking. Both count from the database (every ticket the
 * gate issued), so a crash loop cannot reset them.
 */
import { z } from 'zod';
import type { ConfigKey } from './keys.js';

export const SAFETY_KEYS = {
  'safety.breakerCount': {
    schema: z.number().int().min(1).max(1000),
    default: 20,
    description: 'Safety brake: when more than this many actions run without asking within safety.breakerMinutes, Steward pauses itself (1 to 1000).',
  } satisfies ConfigKey<number>,
  'safety.breakerMinutes': {
    schema: z.number().int().min(1).max(24 * 60),
    default: 10,
    description: 'Safety brake: the window, in minutes, over which unasked actions are counted (1 to 1440).',
  } satisfies ConfigKey<number>,
} as const;
