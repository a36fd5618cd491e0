/** The Calendar API client and the user's address that the executors write with, from the step's account. */
import { credentialsAuth } from '../google/credentials-auth.js';
import { googleEndpoints } from '../google/endpoints.js';
import type { ExecutionContext } from '../types.js';
import { createCalendarApi } from './calendar-api.js';
import type { GcalTarget } from './event-writer.js';

export async function targetFor(context: ExecutionContext<'gcal'>): Promise<GcalTarget> {
  return { api: await createCalendarApi(await credentialsAuth(context.credentials), googleEndpoints()), accountId: context.account.id, email: context.account.email };
}
