/**
 * The only code that changes labels in a Gmail mailbox: archive, label, mark read, move, trash
 * and untrash, and their undo. Every function takes the gate's ticket and checks it, against the
 * capability and the account, immediately before each request that writes.
 *
 * Each one reads the messages' labels first and writes only what is not so already. That makes
 * them idempotent (a retry after a crash finds the work done and changes nothing) and makes the
 * result exact: it lists what this call changed on which message, which is what undo reverses,
 * and no more (a label the message already had is not taken away by undo).
 */
import type { CapabilityId } from '@shared/domain/capabilities.js';
import { assertTicket, type BoundTicket } from '../../gate/gate.js';
import type { GmailTarget } from './gmail-client.js';
import { fetchMessages } from './message-fetch.js';

/** What one call did to one message. */
export interface LabelChange {
  readonly gmailId: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export interface LabelChangeResult {
  /** Exactly what this call changed: the undo data. */
  readonly changes: readonly LabelChange[];
  /** Already as asked: nothing to do. */
  readonly unchanged: readonly string[];
  /** No longer in the mailbox. */
  readonly missing: readonly string[];
}

export interface LabelEdit {
  readonly add?: readonly string[];
  readonly remove?: readonly string[];
}

/** messages.batchModify takes at most this many ids. */
const BATCH_MODIFY_LIMIT = 1000;

/** Adds and removes labels (email.label, email.move, email.markRead: the caller names the capability). */
export async function modifyLabels(ticket: BoundTicket, capability: CapabilityId, target: GmailTarget, gmailIds: readonly string[], edit: LabelEdit): Promise<LabelChangeResult> {
  const add = [...new Set(edit.add ?? [])];
  const remove = [...new Set(edit.remove ?? [])];
  const { current, missing } = await currentLabels(target, gmailIds, ticket.signal);
  const changes: LabelChange[] = [];
  const unchanged: string[] = [];
  for (const [gmailId, labels] of current) {
    const change = { gmailId, added: add.filter((label) => !labels.has(label)), removed: remove.filter((label) => labels.has(label)) };
    if (change.added.length === 0 && change.removed.length === 0) unchanged.push(gmailId);
    else changes.push(change);
  }
  await applyChanges(ticket, capability, target, changes);
  return { changes, unchanged, missing };
}

/** email.archive: out of the inbox, nothing else changes. Undo: revertLabelChanges with the result's changes. */
export function archiveMessages(ticket: BoundTicket, target: GmailTarget, gmailIds: readonly string[]): Promise<LabelChangeResult> {
  return modifyLabels(ticket, 'email.archive', target, gmailIds, { remove: ['INBOX'] });
}

/**
 * Undoes label changes: puts back what was removed and takes off what was added, where that is
 * still so (a message the user has since moved on is left as it is). Idempotent like the rest.
 */
export async function revertLabelChanges(ticket: BoundTicket, capability: CapabilityId, target: GmailTarget, changes: readonly LabelChange[]): Promise<LabelChangeResult> {
  const { current, missing } = await currentLabels(target, changes.map((change) => change.gmailId), ticket.signal);
  const reverts: LabelChange[] = [];
  const unchanged: string[] = [];
  for (const change of changes) {
    const labels = current.get(change.gmailId);
    if (!labels) continue;
    const revert = { gmailId: change.gmailId, added: change.removed.filter((label) => !labels.has(label)), removed: change.added.filter((label) => labels.has(label)) };
    if (revert.added.length === 0 && revert.removed.length === 0) unchanged.push(change.gmailId);
    else reverts.push(revert);
  }
  await applyChanges(ticket, capability, target, reverts);
  return { changes: reverts, unchanged, missing };
}

/** A message trashed by trashMessages, with the labels Gmail took away on the way (INBOX). */
export interface TrashedMessage {
  readonly gmailId: string;
  readonly lostLabels: readonly string[];
}

export interface TrashResult {
  /** The undo data: what untrashMessages needs to put each message back as it was. */
  readonly trashed: readonly TrashedMessage[];
  readonly alreadyInTrash: readonly string[];
  readonly missing: readonly string[];
}

/** email.trash: to Trash, where Gmail keeps them 30 days. Never a permanent delete. */
export async function trashMessages(ticket: BoundTicket, target: GmailTarget, gmailIds: readonly string[]): Promise<TrashResult> {
  const { current, missing } = await currentLabels(target, gmailIds, ticket.signal);
  const trashed: TrashedMessage[] = [];
  const alreadyInTrash: string[] = [];
  for (const [gmailId, before] of current) {
    if (before.has('TRASH')) {
      alreadyInTrash.push(gmailId);
      continue;
    }
    assertTicket(ticket, 'email.trash', target.accountId);
    const { data } = await target.api.users.messages.trash({ userId: 'me', id: gmailId }, { signal: ticket.signal });
    const after = new Set(data.labelIds ?? []);
    trashed.push({ gmailId, lostLabels: [...before].filter((label) => !after.has(label)) });
  }
  return { trashed, alreadyInTrash, missing };
}

export interface UntrashResult {
  readonly restored: readonly string[];
  /** Not in Trash (any more): left alone. */
  readonly notInTrash: readonly string[];
  readonly missing: readonly string[];
}

/**
 * Out of Trash, with the labels trashing took (TrashedMessage.lostLabels) put back: Gmail's
 * untrash alone does not return a message to the inbox. Used as the undo of email.trash (with its
 * ticket) and for restoring mail (the caller names the capability).
 */
export async function untrashMessages(ticket: BoundTicket, capability: CapabilityId, target: GmailTarget, messages: readonly TrashedMessage[]): Promise<UntrashResult> {
  const { current, missing } = await currentLabels(target, messages.map((message) => message.gmailId), ticket.signal);
  const restored: string[] = [];
  const notInTrash: string[] = [];
  for (const message of messages) {
    const labels = current.get(message.gmailId);
    if (!labels) continue;
    if (!labels.has('TRASH')) {
      notInTrash.push(message.gmailId);
      continue;
    }
    assertTicket(ticket, capability, target.accountId);
    const { data } = await target.api.users.messages.untrash({ userId: 'me', id: message.gmailId }, { signal: ticket.signal });
    const after = new Set(data.labelIds ?? []);
    const toRestore = message.lostLabels.filter((label) => !after.has(label));
    if (toRestore.length > 0) {
      assertTicket(ticket, capability, target.accountId);
      await target.api.users.messages.modify({ userId: 'me', id: message.gmailId, requestBody: { addLabelIds: toRestore } }, { signal: ticket.signal });
    }
    restored.push(message.gmailId);
  }
  return { restored, notInTrash, missing };
}

async function currentLabels(target: GmailTarget, gmailIds: readonly string[], signal: AbortSignal): Promise<{ current: Map<string, Set<string>>; missing: string[] }> {
  const { labelsChanged, gone } = await fetchMessages(target.api, [...new Set(gmailIds)], () => true, () => new Date(), signal);
  return { current: new Map(labelsChanged.map((state) => [state.gmailId, new Set(state.labelIds)])), missing: gone };
}

/** One batchModify per distinct edit (usually one), in chunks Gmail accepts, each checked against the ticket. */
async function applyChanges(ticket: BoundTicket, capability: CapabilityId, target: GmailTarget, changes: readonly LabelChange[]): Promise<void> {
  const groups = new Map<string, { add: readonly string[]; remove: readonly string[]; ids: string[] }>();
  for (const change of changes) {
    const key = JSON.stringify([[...change.added].sort(), [...change.removed].sort()]);
    const group = groups.get(key) ?? { add: change.added, remove: change.removed, ids: [] };
    group.ids.push(change.gmailId);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    for (let start = 0; start < group.ids.length; start += BATCH_MODIFY_LIMIT) {
      assertTicket(ticket, capability, target.accountId);
      await target.api.users.messages.batchModify(
        { userId: 'me', requestBody: { ids: group.ids.slice(start, start + BATCH_MODIFY_LIMIT), addLabelIds: [...group.add], removeLabelIds: [...group.remove] } },
        { signal: ticket.signal },
      );
    }
  }
}
