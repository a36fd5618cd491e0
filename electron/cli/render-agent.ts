/** Human-readable output for the agent's commands: the status line, runs, model settings, memory. */
import type { AgentRunView, AgentStatus, ModelSettingsView, Preference } from '@shared/domain/agent.js';
import { shortId, table } from './render.js';

/** "12.3k tokens of 1M today (≈ $0.02)". */
export function spendWords(status: AgentStatus): string {
  const { today } = status;
  return `${tokens(today.tokens)} of ${tokens(today.budgetTokens)} tokens today (≈ ${usd(today.costUsd)})`;
}

export function renderAgentLine(status: AgentStatus): string {
  const head =
    status.keySet === null
      ? status.problem
        ? 'Model: waiting'
        : 'Model: not running here (start Steward to let it work)'
      : status.state === 'off'
        ? 'Model: off (no API key)'
        : `Model: ${status.state}${status.jobsQueued > 0 ? `, ${status.jobsQueued} job(s) queued` : ''}`;
  const lines = [`${head} · ${spendWords(status)}`];
  if (status.problem) lines.push(`  ${status.problem}`);
  return lines.join('\n');
}

export function renderModelSettings(view: ModelSettingsView): string {
  const key = view.apiKey.set ? `set (${view.apiKey.source === 'environment' ? 'ANTHROPIC_API_KEY' : 'secret store'})` : 'not set';
  return [
    table([
      ['API key', key],
      ['Triage model', view.triageModel],
      ['Writing model', view.writingModel],
      ['Base URL', `${view.baseUrl.value} (${view.baseUrl.source === 'environment' ? 'ANTHROPIC_BASE_URL' : view.baseUrl.source})`],
      ['Daily budget', `${view.dailyTokens.toLocaleString('en')} tokens`],
    ]),
    '',
    renderAgentLine(view.status),
  ].join('\n');
}

export function renderRuns(runs: readonly AgentRunView[]): string {
  if (runs.length === 0) return 'No runs yet: the model has not been asked anything.';
  return table([
    ['ID', 'WHEN', 'JOB', 'TRIGGER', 'MODEL', 'TOKENS', 'COST', 'STATUS'],
    ...runs.map((run) => [
      shortId(run.id),
      localTime(run.startedAt),
      run.job,
      run.trigger,
      run.model ?? '-',
      tokens(run.tokens.input + run.tokens.output + run.tokens.cacheRead + run.tokens.cacheWrite),
      run.costUsd === null ? '?' : usd(run.costUsd),
      run.detail ? `${run.status}: ${run.detail}` : run.status,
    ]),
  ]);
}

export function renderPreferences(preferences: readonly Preference[]): string {
  if (preferences.length === 0) return 'Steward keeps no preferences yet. It learns them from what you approve, edit and dismiss; add one with `steward memory add TEXT`.';
  return table([['ID', 'FROM', 'PREFERENCE'], ...preferences.map((p) => [shortId(p.id), p.source === 'learned' ? `learned: ${p.evidence}` : 'you', p.text])]);
}

function tokens(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(n % 1_000_000 === 0 ? 0 : 1)}M`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(1)}k`;
  return String(n);
}

function usd(n: number): string {
  return n < 0.01 && n > 0 ? '<$0.01' : `$${n.toFixed(2)}`;
}

function localTime(iso: string): string {
  const d = new Date(iso);
  return `${d.toISOString().slice(0, 10)} ${d.toTimeString().slice(0, 5)}`;
}
