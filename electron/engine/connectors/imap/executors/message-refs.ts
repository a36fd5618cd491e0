import { z } from 'zod';

/** Messages a step acts on, as the planner saw them: where they were, and who they are. */
export const messageRefs = z
  .array(z.object({ uid: z.number().int().positive(), uidValidity: z.string(), messageKey: z.string().min(1) }))
  .min(1);
export type MessageRefs = z.infer<typeof messageRefs>;
