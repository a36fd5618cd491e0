/**
 * Triage of new mail, in batches: category, urgency, whether it needs the user and a reply. A
 * message that needs a reply gets a draft job. Each message is cut to its start (enough to sort
 * it), so a batch costs little, and the cached prefix is shared by the whole batch.
 */
import { EMPTY_SCOPE } from '@shared/domain/permissions.js';
import { z } from 'zod';
import { JOB_PROFILES } from '../../job-profiles.js';
import { mailAsData } from '../../mail/mail-data.js';
import { triageReport } from '../../tools/result-tools.js';
import type { JobHandler } from '../job-handler.js';
import { draftJobKey } from './draft-reply.js';

/** How much of each message triage reads. */
export const TRIAGE_BODY_CHARS = 1_500;
/** Messages per triage run. */
export const TRIAGE_BATCH = 10;

const payload = z.object({ accountId: z.string(), itemIds: z.array(z.string()).min(1) });

/** Categories that never want a reply, whatever the verdict's flag says. */
const NEVER_REPLY = new Set(['newsletter', 'notification', 'spam_or_phishing', 'transaction']);

export const triageJob: JobHandler<z.infer<typeof payload>> = {
  kind: 'triage',
  payload,
  priority: 1,
  heavy: false,
  async run(job, { accountId, itemIds }, runtime, signal) {
    const account = runtime.accounts.get(accountId);
    if (!account) return { run: null, detail: 'The account was removed.' };
    const fresh = runtime.mail.byIds([accountId], itemIds);
    const judged = runtime.triage.judgedKeys(accountId, fresh.map((item) => item.messageKey));
    const items = fresh.filter((item) => !judged.has(item.messageKey));
    if (items.length === 0) return { run: null, detail: 'Nothing left to triage: the messages are gone or were triaged already.' };
    // It reads only these messages: an Allow scoped to their folders covers it.
    const places = { ...EMPTY_SCOPE, folders: [...new Set(items.flatMap((item) => item.folders))] };
    if (!runtime.mayRead(account, `triage of ${items.length} new message(s) in ${account.email}`, `agent:job:${job.id}`, places)) {
      return { run: null, detail: `Steward may not read ${account.email} (Settings → Permissions).` };
    }
    const { result } = await runtime.run(
      {
        profile: JOB_PROFILES.triage,
        trigger: { type: 'item.new', itemIds: items.map((item) => item.id), jobId: job.id },
        context: {
          task: `Triage ${items.length === 1 ? 'this new message' : `these ${items.length} new messages`} (${items.map((item) => item.id).join(', ')}), one verdict each, with report_triage.`,
          items: items.map((item) => mailAsData(item, TRIAGE_BODY_CHARS)),
          notes: runtime.preferences.notes(),
        },
      },
      job.id,
      signal,
    );
    if (result.outcome.status !== 'done') return { run: result, detail: null };
    const report = triageReport.safeParse(result.result);
    if (!report.success) return { run: result, detail: 'The model gave no verdict.' };
    let replies = 0;
    let judgedNow = 0;
    for (const verdict of report.data.verdicts) {
      const item = items.find((candidate) => candidate.id === verdict.messageId);
      if (!item) continue;
      const { messageId: _id, ...rest } = verdict;
      runtime.triage.save({ id: item.id, accountId, key: item.messageKey }, rest, result.runId);
      judgedNow += 1;
      if (rest.needsReply && rest.needsUser && !rest.suspicious && !NEVER_REPLY.has(rest.category)) {
        replies += 1;
        const key = draftJobKey(item.messageKey);
        if (!runtime.jobs.everQueued(key)) runtime.jobs.enqueue({ kind: 'draft_reply', payload: { itemId: item.id, because: 'triage' }, dedupeKey: key });
      }
    }
    return { run: result, detail: `Triaged ${judgedNow} of ${items.length} message(s); ${replies} need a reply.` };
  },
};
