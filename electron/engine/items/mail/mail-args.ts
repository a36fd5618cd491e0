/**
 * Arguments of mail steps that every mail connector shares (a draft is a draft, over IMAP or
 * Gmail). Validated again when a step runs: stored arguments are data, not trusted code.
 */
import { z } from 'zod';

const address = z.object({ name: z.string(), address: z.string().min(3) });

export const draftArgs = z.object({
  to: z.array(address).min(1),
  subject: z.string(),
  body: z.string(),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
});
export type DraftArgs = z.infer<typeof draftArgs>;
