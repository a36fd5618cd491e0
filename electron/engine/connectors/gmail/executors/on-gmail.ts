/**
 * What every Gmail executor shares: the account's Gmail client (authorised through the engine's
 * CredentialProvider), the messages a step names, and Google's failures turned into words.
 */
import { z } from 'zod';
import { googleEndpoints } from '../../google/endpoints.js';
import { explainGoogleError } from '../../google/google-errors.js';
import type { ExecutionContext } from '../../types.js';
import { credentialsAuth } from '../../google/credentials-auth.js';
import { createGmailApi, type GmailTarget } from '../gmail-client.js';

/** A message a step acts on: its Gmail id, and its Message-ID key (how suggestions know it). */
export const messageRef = z.object({ gmailId: z.string().min(1).max(200), messageKey: z.string().min(1) });
export type MessageRef = z.infer<typeof messageRef>;

export const messageRefs = z.array(messageRef).min(1).max(5000);

/** A label as a step names it: Gmail's id to act on, the name to show. */
export const labelRef = z.object({ id: z.string().min(1).max(200), name: z.string().min(1).max(225) });
export type LabelRef = z.infer<typeof labelRef>;

export async function onGmail<T>(context: ExecutionContext<'gmail'>, doing: string, work: (target: GmailTarget) => Promise<T>): Promise<T> {
  const target: GmailTarget = {
    api: await createGmailApi(await credentialsAuth(context.credentials), googleEndpoints()),
    accountId: context.account.id,
    email: context.account.email,
  };
  try {
    return await work(target);
  } catch (error) {
    throw explainGoogleError(error, { doing, account: context.account.email });
  }
}

export function gmailIds(messages: readonly MessageRef[]): string[] {
  return messages.map((message) => message.gmailId);
}
