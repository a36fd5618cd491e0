/** Human-readable output for the CLI. With --json the commands print the API's objects instead. */
import type { Account, Action, EngineStatus, Grant, LedgerEntry, LedgerVerification, Suggestion } from '@shared/domain/types.js';
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
  for (const account of status.accounts) {
    const c = account.connection;
    lines.push(`  ${account.email}: ${c.state}${c.lastError ? ` (${c.lastError})` : ''}`);
  }
  lines.push(renderAgentLine(status.agent));
  return lines.join('\n');
}

export function renderAccounts(accounts: readonly Account[]): string {
  if (accounts.length === 0) return 'No accounts yet. Add one with: steward accounts add imap --email you@example.com --host imap.example.com --user you --password-stdin';
  return table([
    ['ID', 'EMAIL', 'WHERE', 'STATE', 'LAST SYNC'],
    ...accounts.map((a) => [
      shortId(a.id),
      a.email,
      describeAccount(a),
      a.connection.state + (a.connection.lastError ? `: ${a.connection.lastError}` : ''),
      time(a.connection.lastSyncAt),
    ]),
  ]);
}

export function renderSuggestions(suggestions: readonly Suggestion[]): string {
  if (suggestions.length === 0) return 'Nothing waiting for you.';
  return suggestions
    .map((s) => {
      const head = `${shortId(s.id)}  [${s.status}${s.urgency === 'high' ? ', urgent' : ''}, revision ${s.revision}]  ${s.title}`;
      const steps = s.actions.map((a) => `    - ${a.title}${a.status !== 'proposed' ? ` (${a.status}${a.error ? `: ${a.error}` : ''})` : ''}`);
      const flags = s.flags.map((f) => `    ! ${f}`);
      return [head, `    ${s.why}`, ...flags, ...steps].join('\n');
    })
    .join('\n\n');
}

export function renderSuggestionResult(s: Suggestion): string {
  const lines = [`${s.title}: ${s.status}`];
  for (const a of s.actions) lines.push(`  - ${a.result ?? a.title}${a.error ? ` (${a.status}: ${a.error})` : ''}${a.canUndo ? `  [undo: steward undo ${shortId(a.id)}]` : ''}`);
  return lines.join('\n');
}

export function renderActions(actions: readonly Action[]): string {
  if (actions.length === 0) return 'Nothing has run yet.';
  return table([
    ['ID', 'WHEN', 'STATUS', 'WHAT'],
    ...actions.map((a) => [shortId(a.id), time(a.undoneAt ?? a.executedAt), a.status + (a.canUndo ? ' (undoable)' : ''), a.result ?? a.error ?? a.title]),
  ]);
}

export function renderGrants(grants: readonly Grant[]): string {
  return table([
    ['APP', 'CAPABILITY', 'RISK', 'MODE'],
    ...grants.map((g) => [g.app, g.capability, g.risk, g.mode + (g.isDefault ? ' (default)' : '')]),
  ]);
}

export function renderLedger(entries: readonly LedgerEntry[]): string {
  if (entries.length === 0) return 'The ledger is empty.';
  return table([['SEQ', 'WHEN', 'KIND', 'ACTOR', 'SUMMARY'], ...entries.map((e) => [String(e.seq), time(e.at), e.kind, e.actor, e.summary])]);
}

export function renderVerification(v: LedgerVerification): string {
  return v.ok
    ? `Ledger verified: ${plural(v.checked, 'entry', 'entries')}, chain intact.`
    : `Ledger BROKEN at entry ${v.firstBad?.seq}: ${v.firstBad?.reason}`;
}
