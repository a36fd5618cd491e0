/**
 * The user's settings that are not secrets, one schema per key, with defaults that need no
 * setup. `steward config set KEY VALUE` and Settings both go through these: the engine parses
 * every value against its key's schema. A new area adds its keys in its own file and one line in
 * CONFIG_KEYS below.
 */
import type { z } from 'zod';
import { AGENT_KEYS } from './agent.js';
import { INTERRUPTION_KEYS } from './interruptions.js';
import { MAIL_KEYS } from './mail.js';
import { MODEL_KEYS } from './model.js';
import { SAFETY_KEYS } from './safety.js';
import { USER_KEYS } from './user.js';

export interface ConfigKey<T> {
  readonly schema: z.ZodType<T>;
  readonly default: T;
  /** What it does, in a line, for `steward config` and Settings. */
  readonly description: string;
}

export const CONFIG_KEYS = { ...USER_KEYS, ...INTERRUPTION_KEYS, ...MAIL_KEYS, ...MODEL_KEYS, ...AGENT_KEYS, ...SAFETY_KEYS } as const;

export type ConfigKeyName = keyof typeof CONFIG_KEYS;
export type ConfigValues = { readonly [K in ConfigKeyName]: z.output<(typeof CONFIG_KEYS)[K]['schema']> };

export function isConfigKey(name: string): name is ConfigKeyName {
  return Object.hasOwn(CONFIG_KEYS, name);
}

/** A value as the engine reports it. */
export interface ConfigEntry {
  readonly key: ConfigKeyName;
  readonly value: unknown;
  readonly default: unknown;
  readonly isDefault: boolean;
  readonly description: string;
}
