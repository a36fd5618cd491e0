/**
 * A real gate (real grants, ledger and kill switch over an in-memory database) that issues
 * tickets for the files.* capabilities, for tests of the folders connector's parts on their own.
 */
import type { Ticket } from '../../../gate/gate.js';
import { memoryParts, type MemoryParts } from '../../../testing/memory-engine-parts.js';
import type { FileCapabilityId } from '../file-capabilities.js';

export const FOLDERS_ACCOUNT = 'folders-account';

export interface FileGate {
  readonly parts: MemoryParts;
  /** A ticket the user approved, for running an action. */
  approve(capability: FileCapabilityId, actionId: string, accountId?: string): Ticket;
  /** A ticket for undoing an action. */
  undo(capability: FileCapabilityId, actionId: string, accountId?: string): Ticket;
}

export function fileGate(): FileGate {
  const parts = memoryParts();
  const step = (capability: FileCapabilityId, actionId: string, accountId: string) => ({
    actionId,
    suggestionId: `s-${actionId}`,
    capability,
    app: 'folders' as const,
    accountId,
    title: `${capability} for ${actionId}`,
  });
  return {
    parts,
    approve: (capability, actionId, accountId = FOLDERS_ACCOUNT) => parts.gate.authorize(step(capability, actionId, accountId), 'user:test', 'user:test'),
    undo: (capability, actionId, accountId = FOLDERS_ACCOUNT) => parts.gate.authorizeUndo(step(capability, actionId, accountId)),
  };
}
