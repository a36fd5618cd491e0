/**
 * A real gate (real grants, ledger and kill switch over an in-memory database) that can issue
 * tickets for the files.* capabilities. Phase 1 only: until shared/domain/capabilities.ts lists
 * them, this adds them to the shared tables at runtime, in the test process only.
 */
import { APPS, CAPABILITIES, type AppId, type AppInfo, type CapabilityId, type CapabilityInfo } from '@shared/domain/capabilities.js';
import { actors } from '../../../gate/facts.js';
import { bindTicket, type BoundTicket } from '../../../gate/gate.js';
import { memoryParts, type MemoryParts } from '../../../testing/memory-engine-parts.js';
import { FILE_CAPABILITIES, type FileCapabilityId } from '../file-capabilities.js';

export const FOLDERS_ACCOUNT = 'folders-account';

export function registerFileCapabilities(): void {
  Object.assign(CAPABILITIES as Record<string, CapabilityInfo>, FILE_CAPABILITIES);
  const folders: AppInfo = { id: 'folders', label: 'Folders', capabilities: Object.keys(FILE_CAPABILITIES) as CapabilityId[] };
  Object.assign(APPS as Record<string, AppInfo>, { folders });
}

export interface FileGate {
  readonly parts: MemoryParts;
  /** A ticket the user approved, for running an action, bound as an executor binds it (to no arguments: the writer is called directly). */
  approve(capability: FileCapabilityId, actionId: string, accountId?: string): BoundTicket;
  /** A ticket the user asked for, for undoing an action, bound likewise. */
  undo(capability: FileCapabilityId, actionId: string, accountId?: string): BoundTicket;
}

export function fileGate(): FileGate {
  registerFileCapabilities();
  const parts = memoryParts();
  const step = (capability: FileCapabilityId, actionId: string, accountId: string) => ({
    actionId,
    suggestionId: `s-${actionId}`,
    capability: capability as unknown as CapabilityId,
    app: 'folders' as AppId,
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
