/**
 * A real gate (real grants, ledger and kill switch over an in-memory database) that issues
 * tickets for the files.* capabilities, for tests of the folders connector's parts on their own.
 */
import { actors } from '../../../gate/facts.js';
import { bindTicket, type BoundTicket } from '../../../gate/gate.js';
import { memoryParts, type MemoryParts } from '../../../testing/memory-engine-parts.js';
import type { FileCapabilityId } from '../file-capabilities.js';

export const FOLDERS_ACCOUNT = 'folders-account';

export interface FileGate {
  readonly parts: MemoryParts;
  /** A ticket the user approved, for running an action, bound as an executor binds it (to no arguments: the writer is called directly). */
  approve(capability: FileCapabilityId, actionId: string, accountId?: string): BoundTicket;
  /** A ticket the user asked for, for undoing an action, bound likewise. */
  undo(capability: FileCapabilityId, actionId: string, accountId?: string): BoundTicket;
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
    args: null,
  });
  const user = actors.user('test');
  return {
    parts,
    approve: (capability, actionId, accountId = FOLDERS_ACCOUNT) => bindTicket(parts.gate.authorize(step(capability, actionId, accountId), user, user), null, 'execute'),
    undo: (capability, actionId, accountId = FOLDERS_ACCOUNT) => bindTicket(parts.gate.authorizeUndo(step(capability, actionId, accountId), user), null, 'undo'),
  };
}
