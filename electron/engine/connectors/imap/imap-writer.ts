/**
 * The only code that changes anything on an IMAP server. Every function takes the gate's
 * ticket and checks it, against the capability and the account this connection belongs to,
 * immediately before the command that writes.
 */
import type { ImapFlow } from 'imapflow';
import { ApiError } from '@shared/api/errors.js';
import type { CapabilityId } from '@shared/domain/capabilities.js';
import { assertTicket, type BoundTicket } from '../../gate/gate.js';
import { uidSet } from './uid-set.js';

export interface WriteTarget {
  readonly client: ImapFlow;
  /** The account the client is logged in to. */
  readonly accountId: string;
}

/** Moves messages by UID from the selected mailbox; returns the UID map the server reported. */
export async function moveMessages(
  ticket: BoundTicket,
  capability: CapabilityId,
  { client, accountId }: WriteTarget,
  uids: readonly number[],
  destination: string,
): Promise<{ uidMap: Map<number, number>; uidValidity: string | null }> {
  // Without MOVE, imapflow copies, flags \Deleted and expunges; without UIDPLUS that expunge
  // is a plain EXPUNGE, which would permanently delete every other message marked \Deleted.
  if (!client.capabilities.has('MOVE') && !client.capabilities.has('UIDPLUS')) {
    throw new ApiError(
      'unavailable',
      'This mail server supports neither MOVE nor UIDPLUS, so Steward cannot move messages without risking the permanent loss of others. Moving mail is not available for this account.',
    );
  }
  assertTicket(ticket, capability, accountId);
  const result = await client.messageMove(uidSet(uids), destination, { uid: true });
  if (!result) throw new Error(`The server refused to move the messages to ${destination}.`);
  return { uidMap: result.uidMap ?? new Map<number, number>(), uidValidity: result.uidValidity?.toString() ?? null };
}

export async function appendMessage(
  ticket: BoundTicket,
  capability: CapabilityId,
  { client, accountId }: WriteTarget,
  mailbox: string,
  raw: Buffer,
  flags: readonly string[],
): Promise<{ uid: number | null; uidValidity: string | null }> {
  assertTicket(ticket, capability, accountId);
  const result = await client.append(mailbox, raw, [...flags]);
  if (!result) throw new Error(`The server refused to save the message in ${mailbox}.`);
  return { uid: result.uid ?? null, uidValidity: result.uidValidity?.toString() ?? null };
}

/**
 * Sets and clears flags or keywords on messages of the selected mailbox, by UID. Never
 * \Deleted: with it, any EXPUNGE (by Steward or another client) would delete permanently.
 */
export async function changeFlags(
  ticket: BoundTicket,
  capability: CapabilityId,
  { client, accountId }: WriteTarget,
  uids: readonly number[],
  change: { readonly add: readonly string[]; readonly remove: readonly string[] },
): Promise<void> {
  if ([...change.add, ...change.remove].some((flag) => flag.toLowerCase() === '\\deleted')) {
    throw new Error('Refused: Steward never marks messages \\Deleted (that is how IMAP deletes permanently).');
  }
  assertTicket(ticket, capability, accountId);
  const set = uidSet(uids);
  if (change.add.length > 0 && !(await client.messageFlagsAdd(set, [...change.add], { uid: true }))) {
    throw new Error('The server refused to set the flags.');
  }
  if (change.remove.length > 0 && !(await client.messageFlagsRemove(set, [...change.remove], { uid: true }))) {
    throw new Error('The server refused to clear the flags.');
  }
}
