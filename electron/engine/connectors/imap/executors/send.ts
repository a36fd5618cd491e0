/**
 * email.send for IMAP accounts: the message goes out through the account's SMTP server, and its
 * copy lands in Sent exactly once (sent-copy.ts). The runner only calls this once the outbox's
 * undo window has passed; after that a sent message cannot be taken back, so there is no undo.
 *
 * Never twice, even across crashes: the message's Message-ID and X-Steward-Action header come
 * from the action id, and the step's journal says, durably, when the message is about to be
 * handed to SMTP and when SMTP accepted it (send-journal.ts). A retry that finds an attempt
 * with no recorded answer (the process died while the message was on its way) does not send
 * again: it looks for the message in Sent, and when it cannot prove either way it says so
 * and stops.
 */
import { ApiError } from '@shared/api/errors.js';
import { bindTicket, type BoundTicket, type Ticket } from '../../../gate/gate.js';
import { draftArgs, type DraftArgs } from '../../../items/mail/mail-args.js';
import type { ExecutionContext, ExecutionOutcome, Executor } from '../../types.js';
import { smtpEndpointOf } from '../../smtp/smtp-endpoint.js';
import { sendMessage } from '../../smtp/smtp-writer.js';
import { withAccountSession } from '../imap-session.js';
import { composeOutgoing, messageIdFor, recipientsOf } from './outgoing-message.js';
import { fileSentCopy, isInSent } from './sent-copy.js';
import { handingPhase, notSentPhase, sendStateOf, type FiledCopy, type SendState } from './send-journal.js';

/** A message to send has the shape of a draft; only the delivery differs. */
export const sendArgs = draftArgs;

const MAYBE_SENT =
  'Steward may already have sent this message: it stopped while the message was on its way, the server did not confirm it, and it is not in your Sent folder. ' +
  'To be sure nobody gets it twice it was not sent again. Ask the recipient, or send it yourself from your mail program.';

const LOST_ON_THE_WAY =
  'The connection broke while the message was on its way, so Steward cannot tell whether it left, and it is not in your Sent folder. ' +
  'To be sure nobody gets it twice it will not be sent again. Ask the recipient, or send it yourself from your mail program.';

export const sendExecutor: Executor<'imap'> = {
  capability: 'email.send',

  async execute(granted: Ticket, rawArgs: unknown, context: ExecutionContext<'imap'>) {
    const ticket = bindTicket(granted, rawArgs, 'execute');
    const args = sendArgs.parse(rawArgs);
    const { account, journal } = context;
    const smtp = account.settings.smtp;
    if (!smtp) throw noSmtp(account.email);
    const messageId = messageIdFor(ticket.actionId, account.email);
    let state = sendStateOf(journal.read(ticket.actionId));

    if (state.kind === 'unknown') {
      // An earlier attempt was cut off mid-handover. A server that files what it relays has it in Sent.
      if (!(await withAccountSession(context, neverAborted(), (client) => isInSent(client, messageId, account.settings.folders?.sent ?? null)))) {
        throw new ApiError('conflict', MAYBE_SENT);
      }
      journal.note(ticket.actionId, 'accepted', { attempt: state.attempt, confirmedBy: 'the copy the server filed in Sent' });
      state = sendStateOf(journal.read(ticket.actionId));
    }

    if (state.kind === 'fresh') {
      const attempt = state.attempt;
      const date = new Date();
      const raw = await composeOutgoing(args, account, ticket.actionId, date);
      const endpoint = await smtpEndpointOf(smtp, context.credentials);
      const result = await sendMessage(
        ticket,
        'email.send',
        { endpoint, accountId: account.id },
        { from: account.email, recipients: recipientsOf(args), raw },
        () => journal.note(ticket.actionId, handingPhase(attempt), { date: date.toISOString(), messageId }),
      );
      if (result.kind === 'not-sent') {
        journal.note(ticket.actionId, notSentPhase(attempt), { reason: result.error.message });
        throw result.error;
      }
      // The runner's reconcile then looks in Sent; nothing is sent again.
      if (result.kind === 'unknown') throw new ApiError('conflict', `${result.error.message} ${LOST_ON_THE_WAY}`);
      journal.note(ticket.actionId, 'accepted', { attempt, response: result.response, accepted: result.accepted, rejected: result.rejected });
      state = sendStateOf(journal.read(ticket.actionId));
    }

    if (state.kind !== 'accepted') throw new ApiError('internal', 'The send ended in a state Steward does not know.');
    let filed = state.filed;
    if (!filed) {
      filed = await fileCopy(ticket, args, context, state);
      journal.note(ticket.actionId, 'filed', { ...filed });
    }
    return outcome(args, state, filed, false);
  },

  async reconcile(actionId: string, rawArgs: unknown, context: ExecutionContext<'imap'>): Promise<ExecutionOutcome | null> {
    const args = sendArgs.parse(rawArgs);
    const state = sendStateOf(context.journal.read(actionId));
    if (state.kind === 'accepted') return outcome(args, state, state.filed, true);
    if (state.kind === 'fresh') return null;
    const messageId = messageIdFor(actionId, context.account.email);
    const inSent = await withAccountSession(context, neverAborted(), (client) => isInSent(client, messageId, context.account.settings.folders?.sent ?? null));
    if (!inSent) return null;
    context.journal.note(actionId, 'accepted', { attempt: state.attempt, confirmedBy: 'the copy the server filed in Sent' });
    const filed: FiledCopy = { mailbox: 'Sent', by: 'server' };
    context.journal.note(actionId, 'filed', { ...filed });
    return outcome(args, { kind: 'accepted', date: state.date, acceptedAt: new Date().toISOString(), filed, rejected: [] }, filed, true);
  },

  async undo() {
    // Never offered (execute returns no undo data): a message that left cannot be taken back.
    throw new ApiError('unavailable', 'A sent message cannot be unsent.');
  },
};

/** Files the copy in Sent; a failure there is reported, not thrown: the message itself has left. */
async function fileCopy(ticket: BoundTicket, args: DraftArgs, context: ExecutionContext<'imap'>, state: Extract<SendState, { kind: 'accepted' }>): Promise<FiledCopy> {
  const { account } = context;
  try {
    const raw = await composeOutgoing(args, account, ticket.actionId, new Date(state.date));
    // The message has left: filing its copy is finishing that, so a pause no longer cuts it.
    return await withAccountSession(context, neverAborted(), (client) =>
      fileSentCopy(client, {
        ticket,
        accountId: account.id,
        chosenSent: account.settings.folders?.sent ?? null,
        messageId: messageIdFor(ticket.actionId, account.email),
        raw,
        acceptedAt: new Date(state.acceptedAt),
        now: () => new Date(),
      }),
    );
  } catch (error) {
    return { mailbox: null, by: 'none', problem: error instanceof Error ? error.message : String(error) };
  }
}

function outcome(args: DraftArgs, state: Extract<SendState, { kind: 'accepted' }>, filed: FiledCopy | null, afterInterruption: boolean): ExecutionOutcome {
  const to = args.to.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');
  const copy =
    filed === null
      ? ''
      : filed.by === 'server'
        ? `; the server filed it in ${filed.mailbox ?? 'Sent'}`
        : filed.by === 'steward'
          ? `; a copy is in ${filed.mailbox ?? 'Sent'}`
          : `; no copy was kept in Sent (${filed.problem ?? 'no Sent folder'})`;
  const refused = state.rejected.length > 0 ? ` The server refused ${state.rejected.join(', ')}.` : '';
  return {
    summary: `Sent "${args.subject}" to ${to}${copy}${afterInterruption ? ' (confirmed after an interruption)' : ''}.${refused}`,
    // Mail cannot be unsent: undo is honestly unavailable once it has left.
    undo: null,
  };
}

function noSmtp(email: string): ApiError {
  return new ApiError(
    'unavailable',
    `${email} has no outgoing (SMTP) server, so Steward cannot send from it. Save the message as a draft instead, or add the account again with its SMTP server (\`steward accounts add imap … --smtp-host\`).`,
  );
}

function neverAborted(): AbortSignal {
  return new AbortController().signal;
}
