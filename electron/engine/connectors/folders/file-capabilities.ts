/**
 * The folders connector's capabilities, as the shared table lists them
 * (shared/domain/capabilities.ts: files.read, files.create, files.move, files.rename,
 * files.trash), and the gate's check that every file write makes right before it changes
 * anything.
 */
import type { CapabilityId } from '@shared/domain/capabilities.js';
import { assertTicket, type BoundTicket } from '../../gate/gate.js';

export type FileCapabilityId = Extract<CapabilityId, `files.${string}`>;

/** The gate's check, for a files.* capability. Call it immediately before every write. */
export function assertFileTicket(ticket: BoundTicket, capability: FileCapabilityId, accountId: string): void {
  assertTicket(ticket, capability, accountId);
}
