/**
 * The calendar executors (executors.ts, written against a WriteTarget) as the engine runs them:
 * for a stored account, with its password from the secret store, the user's addresses, and the
 * SMTP server that mails answers when the CalDAV server does not deliver them itself.
 */
import { selfAddresses } from '../../items/event/event-item.js';
import type { ExecutionContext, Executor } from '../types.js';
import { endpointOf } from './account-setup.js';
import { openSession } from './caldav-session.js';
import type { WriteTarget } from './caldav-writer.js';
import { calendarExecutors, type CalendarExecutor } from './executors.js';
import { smtpImipSender } from './imip-sender.js';
import { calendarUndoChecks } from './undo-check.js';

export async function writeTargetFor(context: ExecutionContext<'caldav'>): Promise<WriteTarget> {
  const { account, credentials } = context;
  const password = await credentials.password();
  const smtp = account.settings.smtp;
  return {
    session: openSession(endpointOf(account, password)),
    accountId: account.id,
    self: selfAddresses([account.email, ...account.settings.addresses]),
    serverSchedules: account.settings.serverSchedules,
    sender: smtp
      ? smtpImipSender(
          { host: smtp.host, port: smtp.port, secure: smtp.security === 'tls', username: smtp.username, password: smtp.ownPassword ? await credentials.secret('smtp-password') : password },
          account.id,
        )
      : null,
    now: () => new Date(),
  };
}

function forAccount(executor: CalendarExecutor): Executor<'caldav'> {
  return {
    capability: executor.capability,
    execute: async (ticket, args, context) => executor.execute(ticket, args, await writeTargetFor(context)),
    undo: async (ticket, args, undo, context) => executor.undo(ticket, args, undo, await writeTargetFor(context)),
    reconcile: async (actionId, args, context) => executor.reconcile(actionId, args, await writeTargetFor(context)),
    reconcileUndo: async (actionId, args, undo, context) => calendarUndoChecks[executor.capability](actionId, args, undo, await writeTargetFor(context)),
  };
}

export const caldavExecutors: readonly Executor<'caldav'>[] = calendarExecutors.map(forAccount);
