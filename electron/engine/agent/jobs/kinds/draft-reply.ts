/**
 * A reply draft in the user's voice, for a message triage said needs one: the message, what came
 * before it in the thread, and a few of the user's own sent messages (their tone), then
 * email_draft. The draft is proposed, never saved by itself; it replaces the detector's template
 * unless the user already acted on it.
 */
import { z } from 'zod';
import { EMPTY_SCOPE } from '@shared/domain/permissions.js';
import { displayName, type MailItem } from '../../../items/mail/mail-item.js';
import { ownText } from '../../../detectors/mail-signals.js';
import { JOB_PROFILES } from '../../job-profiles.js';
import { mailAsData } from '../../mail/mail-data.js';
import { mailWithin } from '../../mail/mail-scope.js';
import type { UntrustedItem } from '../../prompt/untrusted-data.js';
import type { JobHandler } from '../job-handler.js';

/** asked: the needs-reply rule saw a question (no triage needed first); triage: triage said so. */
const payload = z.object({ itemId: z.string(), because: z.enum(['asked', 'triage']).default('triage') });

/** One reply draft job per message, ever (whoever queued it: the planner or triage). */
export function draftJobKey(messageKey: string): string {
  return `draft:${messageKey}`;
}

/** Earlier messages of the thread given with the one to answer (more can be read with email_read_thread). */
const THREAD_BEFORE = 3;
const THREAD_BODY_CHARS = 1_500;
/** Examples of the user's own writing, and how much of each. */
const TONE_EXAMPLES = 3;
const TONE_CHARS = 600;

export const draftReplyJob: JobHandler<z.output<typeof payload>> = {
  kind: 'draft_reply',
  payload,
  // The user waits on a reply draft; triage can wait a call.
  priority: 0,
  heavy: false,
  async run(job, { itemId, because }, runtime, signal) {
    const accounts = runtime.accounts.list();
    const [item] = runtime.mail.byIds(
      accounts.map((a) => a.id),
      [itemId],
    );
    const account = item ? accounts.find((a) => a.id === item.accountId) : undefined;
    if (!item || !account) return { run: null, detail: 'The message is gone.' };
    if (item.flags.includes('\\Answered')) return { run: null, detail: 'The message was answered already.' };
    const key = `reply:${account.id}:${item.messageKey}`;
    const open = runtime.suggestions.openByDedupeKey(key);
    if (!open && runtime.suggestions.coveredKeys(account.id, 'reply', [item.messageKey]).has(item.messageKey)) {
      return { run: null, detail: 'The user already dealt with a reply to this message.' };
    }
    // It reads the message where it is, so an Allow scoped to that folder covers it; the rest of
    // the thread and the user's own mail (their tone) only where the Allow lets Steward read.
    const read = runtime.readWithin(account, `a reply draft to "${item.subject}" in ${account.email}`, `agent:job:${job.id}`, { ...EMPTY_SCOPE, folders: [...item.folders] });
    if (!read.allowed) return { run: null, detail: read.why };
    const seen = (m: MailItem) => mailWithin(read.within, m);

    const before = runtime.mail.thread(item, THREAD_BEFORE + 1).filter((m) => m.id !== item.id && seen(m));
    const tone = runtime.mail.sentByUser(account.id, item.from.address, TONE_EXAMPLES).filter(seen);
    const verdict = runtime.triage.get(item.id);
    const notes = [
      ...runtime.preferences.notes(),
      ...(verdict ? [`Triage of the message: ${verdict.summary}`] : []),
      tone.length > 0
        ? `The blocks marked "your earlier mail" are the user's own messages: match their tone, length, greeting and sign-off.`
        : `No earlier mail of the user is available: write plainly and briefly, and sign with their first name (${firstName(account.displayName || account.email)}).`,
    ];
    const items: UntrustedItem[] = [
      ...before.map((m) => mailAsData(m, THREAD_BODY_CHARS)),
      mailAsData(item),
      ...tone.map((m) => toneExample(m)),
    ];
    const { result, proposed } = await runtime.run(
      {
        profile: JOB_PROFILES.draft_reply,
        trigger: { type: because === 'asked' ? 'item.new' : 'triage', itemIds: [item.id], jobId: job.id },
        context: {
          // Only Steward's own words and ids here: the sender and subject are in the data block.
          task: `Draft the user's reply to the message ${item.id}, and propose it with email_draft (inReplyTo: ${item.id}). Address it to the people who should get the answer, usually the message's sender.`,
          items,
          notes,
        },
      },
      job.id,
      signal,
    );
    const detail = proposed.length > 0 ? `Proposed a reply to ${displayName(item.from)}.` : 'The model proposed no draft.';
    return { run: result, detail };
  },
};

function toneExample(message: MailItem): UntrustedItem {
  const data = mailAsData({ ...message, bodyText: ownText(message.bodyText) }, TONE_CHARS);
  return { ...data, fields: { ...data.fields, 'your earlier mail': 'yes' } };
}

function firstName(name: string): string {
  const trimmed = name.trim();
  return (trimmed.includes('@') ? trimmed.split('@')[0] : trimmed.split(/\s+/)[0]) ?? trimmed;
}
