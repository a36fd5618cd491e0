/**
 * The morning brief (a routine, 08:00 on weekdays by default): the day ahead when a calendar is
 * connected, what came in since the last brief, and what waits. Nothing to say: no model call.
 */
import { z } from 'zod';
import { mailSource } from '../../../items/mail/mail-source.js';
import { JOB_PROFILES } from '../../job-profiles.js';
import type { UntrustedItem } from '../../prompt/untrusted-data.js';
import { runCompleted, type JobHandler } from '../job-handler.js';
import { isQuiet, situationItems, situationSince, situationWords } from '../situation.js';
import { localTime } from './digest.js';

const payload = z.object({ slot: z.iso.datetime(), since: z.iso.datetime() });

const DAY_MS = 24 * 60 * 60_000;

export const briefJob: JobHandler<z.infer<typeof payload>> = {
  kind: 'brief',
  payload,
  priority: 2,
  heavy: false,
  async run(job, { slot, since }, runtime, signal) {
    const readable = runtime.accounts.list().filter((account) => runtime.mayRead(account, 'the morning brief', `agent:job:${job.id}`));
    const [first] = readable;
    if (!first) return { run: null, detail: 'No account Steward may read.' };
    const situation = situationSince(runtime, since, readable.map((a) => a.id));
    const slotTime = new Date(slot);
    const meetings = runtime.meetings?.startingBetween(slotTime, new Date(slotTime.getTime() + DAY_MS)) ?? [];
    const events = meetings.flatMap((meeting): UntrustedItem[] => {
      const data = runtime.meetings?.eventData(meeting.eventItemId);
      return data ? [data] : [];
    });
    if (isQuiet(situation, since) && events.length === 0) return { run: null, detail: 'Nothing new and nothing waiting: no brief today.' };
    const zone = runtime.timeZone();
    const { result } = await runtime.run(
      {
        profile: JOB_PROFILES.brief,
        trigger: { type: 'routine', detail: `morning brief for ${slot}`, jobId: job.id },
        context: {
          task: `Write the morning brief for ${localTime(slot, zone)}. The items are today's meetings (${events.length}), the mail that came in since ${localTime(since, zone)} (with Steward's triage), and the suggestions that wait for the user.`,
          items: [...events, ...situationItems(situation)],
          notes: runtime.preferences.notes(),
        },
      },
      job.id,
      signal,
    );
    if (!runCompleted(result) || !result.finalText) return { run: result, detail: result.finalText ? null : 'The model wrote nothing.' };
    const model = runtime.runs.get(result.runId)?.model ?? null;
    const day = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long' }).format(slotTime);
    runtime.proposals.proposeNote(
      {
        kind: 'brief',
        accountId: first.id,
        dedupeKey: `brief:${slot}`,
        title: 'Your morning brief',
        why: `${day}: ${[...(events.length > 0 ? [`${events.length} meeting${events.length === 1 ? '' : 's'}`] : []), situationWords(situation)].join(' · ')}.`,
        urgency: 'normal',
        text: result.finalText,
        sources: situation.newMail.slice(0, 4).map(mailSource),
        untrustedItemIds: result.untrustedItemIds,
      },
      { runId: result.runId, job: 'brief', model },
    );
    return { run: result, detail: `Brief for ${day}.` };
  },
};
