/**
 * The folders connector's capabilities, as DESIGN.md and the brief name them. Phase 1 only:
 * shared/domain/capabilities.ts does not list files.* yet (the lead adds them with the
 * connector reshape). Until then this is the one place that hands a files.* id to the gate's
 * assertTicket; when the shared table has them, FileCapabilityId becomes
 * Extract<CapabilityId, `files.${string}`> and the cast below goes.
 */
import type { CapabilityInfo, RiskClass } from '@shared/domain/capabilities.js';
import { assertTicket, type BoundTicket } from '../../gate/gate.js';

export type FileCapabilityId = 'files.read' | 'files.create' | 'files.move' | 'files.rename' | 'files.trash';

/** What the shared table should say about them (risk classes per DESIGN.md §2). */
export const FILE_CAPABILITIES: Readonly<Record<FileCapabilityId, Omit<CapabilityInfo, 'id'> & { readonly id: FileCapabilityId; readonly risk: RiskClass }>> = {
  'files.read': { id: 'files.read', risk: 'read', label: 'Read files', description: 'Index and read files inside the folders you granted.' },
  'files.create': { id: 'files.create', risk: 'reversible', label: 'Create files', description: 'Save a new file in a granted folder. Nothing is overwritten.' },
  'files.move': { id: 'files.move', risk: 'reversible', label: 'Move files', description: 'Move files between granted folders. Undo moves them back.' },
  'files.rename': { id: 'files.rename', risk: 'reversible', label: 'Rename files', description: 'Rename files in granted folders. Undo renames them back.' },
  'files.trash': { id: 'files.trash', risk: 'destructive', label: 'Move to Trash', description: 'Move files to the system Trash. Steward never deletes permanently.' },
};

/** The gate's check, for a files.* capability. Call it immediately before every write. */
export function assertFileTicket(ticket: BoundTicket, capability: FileCapabilityId, accountId: string): void {
  assertTicket(ticket, capability, accountId);
}
