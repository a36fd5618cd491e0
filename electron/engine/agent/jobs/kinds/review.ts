/**
 * The review (the heartbeat's job): across what came or changed since the last review, work
 * nobody asked for yet (a promise not kept, a question left unanswered). It is only queued when
 * there are observations it has not seen; its place in the queue moves on when it completes.
 */
import { z } from 'zod';
import { JOB_PROFILES } from '../../job-profiles.js';
import { EXCERPT_CHARS, mailAsData } from '../../mail/mail-data.js';
import type { UntrustedItem } from '../../prompt/untrusted-data.js';
import { runCompleted, type JobHandler } from '../job-handler.js';

const payload = z.object({ fromObservation: z.number().int().min(0), toObservation: z.number().int().min(0), itemIds: z.array(z.string()) });

export const REVIEW_CURSOR = 'observations.review';
/** Items a review looks at, at most (the newest). */
const REVIEW_ITEMS = 40;

export const reviewJob: JobHandler<z.infer<typeof payload>> = {
  kind: 'review',
  payload,
  priority: 3,
  heavy: true,
  async run(job, { toObservation, itemIds }, runtime, signal) {
    const done = (detail: string) => {
      runtime.cursors.set(REVIEW_CURSOR, String(toObservation));
      return { run: null, detail };
    };
    const readable = runtime.accounts.list().filter((account) => runtime.mayRead(account, 'the review of what is new', `agent:job:${job.id}`));
    const mail = runtime.mail.byIds(
      readable.map((a) => a.id),
      itemIds.slice(-REVIEW_ITEMS),
    );
    if (mail.length === 0) return done('Nothing new is left to review.');
    const items: UntrustedItem[] = mail.map((item) => {
      const data = mailAsData(item, EXCERPT_CHARS);
      const verdict = runtime.triage.get(item.id);
      return verdict ? { ...data, fields: { ...data.fields, triage: `${verdict.category}, ${verdict.urgency}: ${verdict.summary}` } } : data;
    });
    const { result, proposed } = await runtime.run(
      {
        profile: JOB_PROFILES.review,
        trigger: { type: 'heartbeat', itemIds: mail.map((m) => m.id), jobId: job.id },
        context: {
          task: `Review these ${mail.length} new or changed item(s) for work nobody has asked for yet. Read more only where it matters. Propose a step only where it clearly helps; otherwise say there is nothing to do.`,
          items,
          notes: runtime.preferences.notes(),
        },
      },
      job.id,
      signal,
    );
    if (!runCompleted(result)) return { run: result, detail: null };
    runtime.cursors.set(REVIEW_CURSOR, String(toObservation));
    return { run: result, detail: proposed.length > 0 ? `Proposed ${proposed.length} step(s).` : 'Nothing to do.' };
  },
};
