/**
 * The email tools as data: what the model may ask of the user's mail. Reads return data;
 * every other call becomes a proposed step the user approves (see tool-spec.ts).
 */
import { z } from 'zod';
import { toolNameFor, writeInput, type ReadToolSpec, type WriteToolSpec } from './tool-spec.js';

const messageId = z.string().min(1).max(200).describe('Steward’s id of a message: the id of its data block, or one returned by email_search.');
const messageIds = z.array(messageId).min(1).max(100).describe('Steward’s ids of the messages.');
const address = z.email().describe('An email address, bare (name@example.com).');

const searchInput = z.strictObject({
  query: z.string().min(1).max(200).describe('Words to look for in the sender, subject and body.'),
  from: z.string().max(200).optional().describe('Only mail from this address or name.'),
  folder: z.string().max(200).optional().describe('Only this folder, such as INBOX or Sent. Default: all folders.'),
  since: z.iso.date().optional().describe('Only mail received on or after this day (YYYY-MM-DD).'),
  until: z.iso.date().optional().describe('Only mail received on or before this day (YYYY-MM-DD).'),
  unreadOnly: z.boolean().optional().describe('Only unread mail.'),
  limit: z.number().int().min(1).max(25).default(10).describe('At most this many messages, newest first.'),
});

const readThreadInput = z.strictObject({
  messageId: messageId.describe('The id of any message in the thread.'),
  maxMessages: z.number().int().min(1).max(20).default(10).describe('At most this many messages of the thread, newest last.'),
});

const composeShape = {
  from: address.optional().describe('Which of the user’s addresses to write from. Default: the address the replied-to message was sent to.'),
  inReplyTo: messageId.optional().describe('The message this answers, if it is a reply (keeps the thread).'),
  // No cc: the draft a step saves has recipients only (mail-args.ts); what the user adds, they add.
  to: z.array(address).min(1).max(50).describe('Recipients.'),
  subject: z.string().max(300).describe('The subject line.'),
  body: z.string().min(1).max(20_000).describe('The message in plain text, in the user’s voice, with no signature placeholder.'),
};

export const emailSearch = {
  effect: 'read',
  name: 'email_search',
  capability: 'email.read',
  description: 'Search the user’s mail. Returns matching messages (sender, subject, date, a short excerpt) as data, newest first.',
  input: searchInput,
} as const satisfies ReadToolSpec;

export const emailReadThread = {
  effect: 'read',
  name: 'email_read_thread',
  capability: 'email.read',
  description: 'Read the whole conversation a message belongs to, oldest first, as data.',
  input: readThreadInput,
} as const satisfies ReadToolSpec;

export const emailDraft = {
  effect: 'write',
  name: toolNameFor('email.draft'),
  capability: 'email.draft',
  description: 'Propose saving a message in the user’s Drafts folder. Nothing is sent. The user sees the draft and approves, edits or declines it.',
  input: writeInput(composeShape),
} as const satisfies WriteToolSpec;

export const emailSend = {
  effect: 'write',
  name: toolNameFor('email.send'),
  capability: 'email.send',
  description: 'Propose sending a message in the user’s name. It is sent only if the user approves it. Prefer email_draft unless sending now is clearly what the user would want.',
  input: writeInput(composeShape),
} as const satisfies WriteToolSpec;

export const emailArchive = {
  effect: 'write',
  name: toolNameFor('email.archive'),
  capability: 'email.archive',
  description: 'Propose moving messages out of the inbox into the archive folder.',
  input: writeInput({ messageIds }),
} as const satisfies WriteToolSpec;

export const emailMove = {
  effect: 'write',
  name: toolNameFor('email.move'),
  capability: 'email.move',
  description: 'Propose moving messages to another folder of the same account.',
  input: writeInput({ messageIds, folder: z.string().min(1).max(200).describe('The folder to move them to, as the account names it.') }),
} as const satisfies WriteToolSpec;

export const emailLabel = {
  effect: 'write',
  name: toolNameFor('email.label'),
  capability: 'email.label',
  description: 'Propose adding or removing labels (keywords) on messages.',
  input: writeInput({
    messageIds,
    add: z.array(z.string().min(1).max(100)).max(10).optional().describe('Labels to add.'),
    remove: z.array(z.string().min(1).max(100)).max(10).optional().describe('Labels to remove.'),
  }),
} as const satisfies WriteToolSpec;

export const emailMarkRead = {
  effect: 'write',
  name: toolNameFor('email.markRead'),
  capability: 'email.markRead',
  description: 'Propose marking messages as read (or as unread again).',
  input: writeInput({ messageIds, read: z.boolean().default(true).describe('true to mark read, false to mark unread.') }),
} as const satisfies WriteToolSpec;

export const emailTrash = {
  effect: 'write',
  name: toolNameFor('email.trash'),
  capability: 'email.trash',
  description: 'Propose moving messages to the Trash folder (not deleting them: they can be restored).',
  input: writeInput({ messageIds }),
} as const satisfies WriteToolSpec;

export const EMAIL_TOOLS = [emailSearch, emailReadThread, emailDraft, emailSend, emailArchive, emailMove, emailLabel, emailMarkRead, emailTrash] as const;
