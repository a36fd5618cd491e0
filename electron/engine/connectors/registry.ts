/**
 * Which executor carries out which capability. A new connector adds its executors here and
 * nowhere else.
 */
import type { CapabilityId } from '@shared/domain/capabilities.js';
import { imapExecutors } from './imap/index.js';
import type { Executor } from './types.js';

const executors = new Map<CapabilityId, Executor>(imapExecutors.map((executor) => [executor.capability, executor]));

export function executorFor(capability: CapabilityId): Executor | undefined {
  return executors.get(capability);
}
