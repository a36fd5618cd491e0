/** Every kind of job the agent runs, by kind. */
import type { JobKind } from '../../job-profiles.js';
import type { JobHandler } from '../job-handler.js';
import { briefJob } from './brief.js';
import { digestJob } from './digest.js';
import { draftReplyJob } from './draft-reply.js';
import { meetingPrepJob } from './meeting-prep.js';
import { reviewJob } from './review.js';
import { triageJob } from './triage.js';

export const JOB_HANDLERS: Readonly<Record<JobKind, JobHandler<never>>> = {
  triage: triageJob as JobHandler<never>,
  draft_reply: draftReplyJob as JobHandler<never>,
  digest: digestJob as JobHandler<never>,
  brief: briefJob as JobHandler<never>,
  meeting_prep: meetingPrepJob as JobHandler<never>,
  review: reviewJob as JobHandler<never>,
};
