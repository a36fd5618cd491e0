/**
 * The only code that changes anything on an IMAP server. Every function takes the gate's
 * ticket and checks it immediately before the command that writes.
 */
import type { ImapFlow } from 'imapflow';
import type { CapabilityId } from '@shared/domain/capabilities.js';
import { assertTicket, type Ticket } from '../../gate/gate.js';

/** Moves messages by UID from the selected mailbox; returns the UID map the server reported. */
export async function moveMessages(
  ticket: Ticket,
  capability: CapabilityId,
  client: ImapFlow,
  uids: readonly number[],
  destination: string,
): Promise<{ uidMap: Map<number, number>; uidValidity: string | null }> {
  assertTicket(ticket, capability, ticket.accountId);
  const result = await client.messageMove(uids.join(','), destination, { uid: true });
  if (!result) throw new Error(`The server refused to move the messages to ${destination}.`);
  return { uidMap: result.uidMap ?? new Map<number, number>(), uidValidity: result.uidValidity?.toString() ?? null };
}

export async function appendMessage(
  ticket: Ticket,
  capability: CapabilityId,
  client: ImapFlow,
  mailbox: string,
  raw: Buffer,
  flags: readonly string[],
): Promise<{ uid: number | null; uidValidity: string | null }> {
  assertTicket(ticket, capability, ticket.accountId);
  const result = await client.append(mailbox, raw, [...flags]);
  if (!result) throw new Error(`The server refused to save the message in ${mailbox}.`);
  return { uid: result.uid ?? null, uidValidity: result.uidValidity?.toString() ?? null };
}
