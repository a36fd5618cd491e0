/**
 * Where a send stands, read from the step's journal (pure: table-tested). The executor notes
 * `handing#N` right before attempt N hands the message to SMTP, `not-sent#N` when that attempt
 * certainly failed, `accepted` once the server took it, `filed` once Sent holds the copy.
 */
import { ACCEPTED_PHASE, handingPhase, notSentPhase, type JournalNote } from '../../../actions/step-journal.js';

export type SendState =
  /** Nothing has left: attempt `attempt` may send. */
  | { readonly kind: 'fresh'; readonly attempt: number }
  /** Attempt `attempt` handed the message over and no answer was recorded: it may have left. */
  | { readonly kind: 'unknown'; readonly attempt: number; readonly date: string }
  /** The server took it (dated `date`); `filed` says where its copy went, once known. */
  | { readonly kind: 'accepted'; readonly date: string; readonly acceptedAt: string; readonly filed: FiledCopy | null; readonly rejected: readonly string[] };

export interface FiledCopy {
  readonly mailbox: string | null;
  /** Who put it in Sent: the server on its own, Steward (APPEND), or nobody (no Sent folder, or it failed). */
  readonly by: 'server' | 'steward' | 'none';
  readonly problem?: string;
}

export { handingPhase, notSentPhase };

export function sendStateOf(notes: readonly JournalNote[]): SendState {
  const attempts = notes
    .map((note) => /^handing#(\d+)$/.exec(note.phase))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]));
  const last = attempts.length > 0 ? Math.max(...attempts) : 0;
  const dateOf = (attempt: number): string => {
    const date = notes.find((note) => note.phase === handingPhase(attempt))?.detail.date;
    return typeof date === 'string' ? date : '';
  };
  const accepted = notes.find((note) => note.phase === ACCEPTED_PHASE);
  if (accepted) {
    const attempt = Number(accepted.detail.attempt ?? last);
    const filed = notes.find((note) => note.phase === 'filed');
    return {
      kind: 'accepted',
      date: dateOf(attempt) || accepted.at,
      acceptedAt: accepted.at,
      filed: filed ? (filed.detail as unknown as FiledCopy) : null,
      rejected: Array.isArray(accepted.detail.rejected) ? (accepted.detail.rejected as string[]) : [],
    };
  }
  if (last > 0 && !notes.some((note) => note.phase === notSentPhase(last))) return { kind: 'unknown', attempt: last, date: dateOf(last) };
  return { kind: 'fresh', attempt: last + 1 };
}
