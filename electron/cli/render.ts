/** Human-readable output for the CLI. With --json the commands print the API's objects instead. */
import type { Account, AccountFolder, Action, EngineStatus, Grant, LedgerEntry, LedgerVerification, Suggestion } from '@shared/domain/types.js';
import type { Rule } from '@shared/domain/permissions.js';
import { describeAccount } from '@shared/connectors/index.js';
import { plural } from '@shared/text/plural.js';
import { renderAgentLine } from './render-agent.js';

export function shortId(id: string): string {
  return id.length > 8 ? id.slice(0, 8) : id;
}

export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col] ?? 0))).join('  ')).join('\n');
}

function time(iso: string | null): string {
  if (!iso) return 'never';
  const d = new Date(iso);
  return `${d.toISOString().slice(0, 10)} ${d.toTimeString().slice(0, 5)}`;
}

export function renderStatus(status: EngineStatus, via: string): string {
  const lines = [
    status.paused
      ? `PAUSED: Steward will not act (since ${time(status.pausedAt)}, by ${status.pausedBy ?? 'unknown'}${status.pausedReason ? `: ${status.pausedReason}` : ''})`
      : 'Running',
    `${via}`,
    `${plural(status.accounts.length, 'account')} · ${status.pendingSuggestions} waiting · last sync ${time(status.lastSyncAt)}`,
  ];
  if (status.heldSteps) {
    lines.splice(1, 0, `${plural(status.heldSteps, 'approved step')} ${status.heldSteps === 1 ? 'waits' : 'wait'}: ${status.heldSteps === 1 ? 'it runs' : 'they run'} when you resume (steward resume). Cancel one with steward undo ID (IDs in steward suggestions).`);
  }
  for (const account of status.accounts) {
    const c = account.connection;
    lines.push(`  ${account.email}: ${connectionState(c)}${c.lastError ? ` (${c.lastError})` : ''}`);
  }
  lines.push(renderAgentLine(status.agent));
  return lines.join('\n');
}

/** "syncing (12,400 of 48,210 messages)", or the bare state. */
export function connectionState(connection: Account['connection']): string {
  const progress = connection.progress;
  if (!progress) return connection.state;
  const what = progress.phase === 'resync' ? 'messages, going through them again' : 'messages';
  return `${connection.state} (${progress.done.toLocaleString('en')} of ${progress.total.toLocaleString('en')} ${what})`;
}

export function renderAccounts(accounts: readonly Account[]): string {
  if (accounts.length === 0) {
    return 'No accounts yet. Add one with: steward accounts add imap --email you@example.com --host imap.example.com --user you --password-stdin, or: steward accounts add gmail';
  }
  return table([
    ['ID', 'EMAIL', 'WHERE', 'STATE', 'LAST SYNC'],
    ...accounts.map((a) => [
      shortId(a.id),
      a.email,
      describeAccount(a),
      connectionState(a.connection) + (a.connection.lastError ? `: ${a.connection.lastError}` : ''),
      time(a.connection.lastSyncAt),
    ]),
  ]);
}

const ROLE_WORDS: Readonly<Record<string, string>> = { inbox: 'Inbox', sent: 'Sent', drafts: 'Drafts', archive: 'Archive', trash: 'Trash', junk: 'Junk' };
const SOURCE_WORDS: Readonly<Record<string, string>> = { inbox: '', chosen: 'your choice', server: 'marked by the server', name: 'by its name' };

export function renderFolders(folders: readonly AccountFolder[]): string {
  if (folders.length === 0) return 'The server lists no folders.';
  const rows = folders.map((f) => [f.path, f.role ? ROLE_WORDS[f.role] ?? f.role : '-', f.source ? SOURCE_WORDS[f.source] ?? '' : '']);
  const missing = ['sent', 'drafts', 'trash', 'junk'].filter((role) => !folders.some((f) => f.role === role));
  const hint = missing.length > 0 ? `\nNo ${missing.map((r) => ROLE_WORDS[r]).join(', ')} folder found: name one with steward accounts set ID --${missing[0]}-folder NAME.` : '';
  return table([['FOLDER', 'ROLE', 'WHY'], ...rows]) + hint;
}

export function renderSuggestions(suggestions: readonly Suggestion[]): string {
  if (suggestions.length === 0) return 'Nothing waiting for you.';
  return suggestions
    .map((s) => {
      const head = `${shortId(s.id)}  [${s.status}${s.urgency === 'high' ? ', urgent' : ''}, revision ${s.revision}]  ${s.title}`;
      const steps = s.actions.map((a) =>
        a.status === 'scheduled'
          ? `    - ${a.title} (${leavesAt(a)}; recall: steward undo ${shortId(a.id)})`
          : a.status === 'held'
            ? `    - ${a.title} (${HELD_WORDS}; cancel: steward undo ${shortId(a.id)})`
            : `    - ${a.title}${a.status !== 'proposed' ? ` (${a.status}${a.error ? `: ${a.error}` : ''})` : ''}`,
      );
      const flags = s.flags.map((f) => `    ! ${f}`);
      return [head, `    ${s.why}`, ...flags, ...steps].join('\n');
    })
    .join('\n\n');
}

export function renderSuggestionResult(s: Suggestion, options: { readonly localEngine?: boolean } = {}): string {
  const queued = s.actions.filter((a) => a.status === 'scheduled');
  const held = s.actions.some((a) => a.status === 'held');
  const lines = [`${s.title}: ${queued.length > 0 ? 'queued' : held ? 'waiting for you to resume Steward' : s.status}`];
  for (const a of s.actions) {
    if (a.status === 'scheduled') {
      lines.push(`  - ${a.title}: ${leavesAt(a)}  [recall: steward undo ${shortId(a.id)}]`);
      continue;
    }
    if (a.status === 'held') {
      lines.push(`  - ${a.title}: ${HELD_WORDS}  [cancel: steward undo ${shortId(a.id)}]`);
      continue;
    }
    lines.push(`  - ${a.result ?? a.title}${a.error ? ` (${a.status}: ${a.error})` : ''}${a.canUndo ? `  [undo: steward undo ${shortId(a.id)}]` : ''}`);
  }
  if (queued.length > 0 && options.localEngine) {
    lines.push('No Steward is running, so it leaves only once one runs (start it with `steward host`, or open the app).');
  }
  return lines.join('\n');
}

/** An approved step a pause holds (status 'held'). */
const HELD_WORDS = 'waiting: Steward is paused. Runs when you resume (steward resume)';

/** "leaves at 09:14:03 (in 10 s)", or why it waits. */
export function leavesAt(a: Action, now: Date = new Date()): string {
  const wait = a.outbox;
  if (!wait) return 'waiting to be sent';
  if (wait.dueAt === null) return `held while Steward is paused; it leaves ${Math.ceil((wait.heldMs ?? 0) / 1000)} s after you resume`;
  const due = new Date(wait.dueAt);
  const seconds = Math.max(0, Math.ceil((due.getTime() - now.getTime()) / 1000));
  return `leaves at ${due.toTimeString().slice(0, 8)} (in ${seconds} s)`;
}

/** A line per action that undo took back, or recalled before it was sent. */
export function renderUndone(a: Action): string {
  if (a.status === 'cancelled') return a.capability === 'email.send' ? `Recalled: ${a.title}. Nothing was sent.` : `Cancelled: ${a.title}. It never ran.`;
  return `Undone: ${a.result ?? a.title}`;
}

export function renderActions(actions: readonly Action[]): string {
  if (actions.length === 0) return 'Nothing has run yet.';
  return table([
    ['ID', 'WHEN', 'STATUS', 'WHAT'],
    ...actions.map((a) => [
      shortId(a.id),
      time(a.undoneAt ?? a.executedAt),
      a.status === 'scheduled' ? 'queued (recallable)' : a.status === 'held' ? 'waiting (cancellable)' : a.status + (a.canUndo ? ' (undoable)' : ''),
      a.status === 'scheduled' ? `${a.title}: ${leavesAt(a)}` : a.status === 'held' ? `${a.title}: ${HELD_WORDS}` : (a.result ?? a.error ?? a.title),
    ]),
  ]);
}

export function renderGrants(grants: readonly Grant[]): string {
  return table([
    ['APP', 'ACCOUNT', 'CAPABILITY', 'RISK', 'MODE', 'WHAT IT MEANS'],
    ...grants.map((g) => [g.app, g.accountId ? shortId(g.accountId) : 'all', g.capability, g.risk, g.mode + (g.isDefault ? ' (default)' : ''), g.words]),
  ]);
}

export function renderRules(rules: readonly Rule[]): string {
  if (rules.length === 0) {
    return 'No rules yet. Approve a suggestion with `steward approve ID --always` (or "Always do this" in the popover) and plans like it run without asking.';
  }
  return table([
    ['ID', 'STATE', 'RAN', 'NAME', 'MATCHES'],
    ...rules.map((r) => [shortId(r.id), r.paused ? 'paused' : 'active', `${r.uses}×`, r.name, r.words]),
  ]);
}

export function renderLedger(entries: readonly LedgerEntry[]): string {
  if (entries.length === 0) return 'The ledger is empty.';
  return table([['SEQ', 'WHEN', 'KIND', 'ACTOR', 'SUMMARY'], ...entries.map((e) => [String(e.seq), time(e.at), e.kind, e.actor, e.summary])]);
}

export function renderVerification(v: LedgerVerification): string {
  const verdict = v.ok
    ? `Ledger verified: ${plural(v.checked, 'entry', 'entries')}, chain intact.`
    : `Ledger BROKEN at entry ${v.firstBad?.seq}: ${v.firstBad?.reason}`;
  return `${verdict}\n${anchorLine(v.anchor)}`;
}

/** What the check against the end kept in the keychain (or secrets file) found, in a line. */
export function anchorLine(anchor: LedgerVerification['anchor']): string {
  switch (anchor.state) {
    case 'matches':
      return `Anchor: entry ${anchor.seq} matches the end kept outside the database (keychain or secrets file).`;
    case 'mismatch':
      return 'Anchor: the database does not hold the entries Steward last wrote (see above). If you restored it from a backup yourself, `steward ledger --accept` keeps it.';
    case 'unavailable':
      return `Anchor: not checked, the keychain or secrets file could not be read (${anchor.detail ?? 'no reason given'}).`;
    default:
      return `Anchor: none yet (${anchor.detail ?? 'nothing anchored'}); the running Steward anchors the ledger as it writes.`;
  }
}
