/**
 * "While you were away": when the user comes back after idle, lock or sleep, what happened and
 * what waits, as a note in the popover. Nothing happened: no model call, no note.
 */
import { z } from 'zod';
import { mailSource } from '../../../items/mail/mail-source.js';
import { JOB_PROFILES } from '../../job-profiles.js';
import { runCompleted, type JobHandler } from '../job-handler.js';
import { isQuiet, situationItems, situationSince, situationWords } from '../situation.js';

const payload = z.object({ since: z.iso.datetime(), until: z.iso.datetime() });

export const digestJob: JobHandler<z.infer<typeof payload>> = {
  kind: 'digest',
  payload,
  priority: 2,
  heavy: false,
  async run(job, { since, until }, runtime, signal) {
    const readable = runtime.accounts.list().filter((account) => runtime.mayRead(account, 'the digest of what happened while you were away', `agent:job:${job.id}`));
    const [first] = readable;
    if (!first) return { run: null, detail: 'No account Steward may read.' };
    const situation = situationSince(runtime, since, readable.map((a) => a.id));
    if (isQuiet(situation, since)) return { run: null, detail: 'Nothing happened while you were away.' };
    const zone = runtime.timeZone();
    const { result } = await runtime.run(
      {
        profile: JOB_PROFILES.digest,
        trigger: { type: 'presence.return', detail: `away ${since} – ${until}`, jobId: job.id },
        context: {
          task: `The user was away from ${localTime(since, zone)} to ${localTime(until, zone)}. The items are the mail that came in meanwhile (with Steward's triage) and the suggestions that wait for them. Write the digest.`,
          items: situationItems(situation),
          notes: runtime.preferences.notes(),
        },
      },
      job.id,
      signal,
    );
    if (!runCompleted(result) || !result.finalText) return { run: result, detail: result.finalText ? null : 'The model wrote nothing.' };
    const model = runtime.runs.get(result.runId)?.model ?? null;
    runtime.proposals.proposeNote(
      {
        kind: 'digest',
        accountId: first.id,
        dedupeKey: `digest:${since}`,
        title: `While you were away: ${situationWords(situation)}`,
        why: `From ${localTime(since, zone)} to ${localTime(until, zone)}.`,
        urgency: 'normal',
        text: result.finalText,
        sources: situation.newMail.slice(0, 4).map(mailSource),
        untrustedItemIds: result.untrustedItemIds,
      },
      { runId: result.runId, job: 'digest', model },
    );
    return { run: result, detail: `A digest of ${situationWords(situation)}.` };
  },
};

/** "14:05" today, "Mon 14:05" on another day, in the user's zone. */
export function localTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}
