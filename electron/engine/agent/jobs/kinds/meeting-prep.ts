/**
 * A brief before a meeting with other people: who they are, the latest threads with them, what
 * is open. Triggered by the calendar's MeetingSource (or AgentService.prepareMeeting) a few
 * minutes before the start; shown as a note.
 */
import { z } from 'zod';
import { mailSource } from '../../../items/mail/mail-source.js';
import { JOB_PROFILES } from '../../job-profiles.js';
import { EXCERPT_CHARS, mailAsData } from '../../mail/mail-data.js';
import type { UntrustedItem } from '../../prompt/untrusted-data.js';
import { runCompleted, type JobHandler } from '../job-handler.js';
import { localTime } from './digest.js';

const payload = z.object({
  eventItemId: z.string(),
  accountId: z.string(),
  title: z.string(),
  startsAt: z.iso.datetime({ offset: true }),
  attendees: z.array(z.string()).max(50),
});

/** Recent messages from each attendee given up front (the model can search for more). */
const MAIL_PER_ATTENDEE = 3;

export const meetingPrepJob: JobHandler<z.infer<typeof payload>> = {
  kind: 'meeting_prep',
  payload,
  // A meeting does not wait.
  priority: 0,
  heavy: false,
  async run(job, meeting, runtime, signal) {
    if (new Date(meeting.startsAt).getTime() < runtime.clock.now().getTime()) return { run: null, detail: 'The meeting has started: too late for a brief.' };
    const readable = runtime.accounts.list().filter((account) => runtime.mayRead(account, `a brief for the meeting "${meeting.title}"`, `agent:job:${job.id}`));
    const accountIds = readable.map((a) => a.id);
    const event = runtime.meetings?.eventData(meeting.eventItemId) ?? null;
    const mail = meeting.attendees.flatMap((address) => runtime.mail.search(accountIds, { query: '', from: address, limit: MAIL_PER_ATTENDEE }));
    const unique = [...new Map(mail.map((m) => [m.id, m])).values()];
    const items: UntrustedItem[] = [...(event ? [event] : []), ...unique.map((m) => mailAsData(m, EXCERPT_CHARS))];
    const zone = runtime.timeZone();
    const { result } = await runtime.run(
      {
        profile: JOB_PROFILES.meeting_prep,
        trigger: { type: 'meeting', itemIds: [meeting.eventItemId], jobId: job.id },
        context: {
          // The attendees' names and the title are in the data blocks, not here.
          task: `A meeting starts at ${localTime(meeting.startsAt, zone)}${event ? ` (the event ${event.id})` : ''}, with ${meeting.attendees.length} other people. The items are the event and recent mail from them. Write the brief.`,
          items,
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
        kind: 'meeting_prep',
        accountId: meeting.accountId,
        dedupeKey: `prep:${meeting.eventItemId}:${meeting.startsAt}`,
        title: `Before your meeting at ${localTime(meeting.startsAt, zone)}`,
        why: `With ${meeting.attendees.slice(0, 3).join(', ')}${meeting.attendees.length > 3 ? ` and ${meeting.attendees.length - 3} more` : ''}.`,
        urgency: 'high',
        text: result.finalText,
        sources: unique.slice(0, 3).map(mailSource),
        untrustedItemIds: result.untrustedItemIds,
      },
      { runId: result.runId, job: 'meeting_prep', model },
    );
    return { run: result, detail: 'A brief for the meeting.' };
  },
};
