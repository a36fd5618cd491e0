import { useEffect } from 'react';
import type { AgentRunView } from '@shared/domain/agent';
import { PageHeading } from '../../components/PageHeading';
import { tokenWords, usdWords } from '../../format/spend';
import { fullTime, shortWhen } from '../../format/time';
import { useAgent } from '../../state/agent';

const JOBS: Readonly<Record<string, string>> = {
  triage: 'Triage',
  draft_reply: 'Reply draft',
  digest: 'Digest',
  brief: 'Morning brief',
  meeting_prep: 'Meeting brief',
  review: 'Review',
};

/** Settings → Runs: every time the model was asked something, what it cost and how it ended. */
export function RunsPage() {
  const runs = useAgent((state) => state.runs);
  const { refresh } = useAgent((state) => state.actions);
  useEffect(() => {
    void refresh('runs');
  }, [refresh]);
  const now = new Date();
  return (
    <>
      <PageHeading
        title="Runs"
        actions={
          <button type="button" className="button button--secondary button--small" onClick={() => void refresh('runs')}>
            Refresh
          </button>
        }
      >
        Every time Steward asked the model something: why, which model, the tokens (cache included) and the estimated cost. With nothing new, there are no runs.
      </PageHeading>
      {runs.error ? <p className="notice notice--attention">Could not load the runs: {runs.error}</p> : null}
      {runs.data === null && !runs.error ? <p className="muted">Loading…</p> : null}
      {runs.data?.length === 0 ? <p className="notice">No runs yet: the model has not been asked anything.</p> : null}
      {runs.data && runs.data.length > 0 ? (
        <div className="panel panel--flush">
          <table className="runs-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Job</th>
                <th scope="col">Model</th>
                <th scope="col" className="runs-table__number">
                  Tokens
                </th>
                <th scope="col" className="runs-table__number">
                  Cost
                </th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map((run) => (
                <tr key={run.id}>
                  <td title={fullTime(run.startedAt)}>{shortWhen(run.startedAt, now)}</td>
                  <td>
                    {JOBS[run.job] ?? run.job}
                    <span className="runs-table__trigger"> · {run.trigger}</span>
                  </td>
                  <td className="mono">{run.model ?? '—'}</td>
                  <td className="runs-table__number" title={tokenTitle(run)}>
                    {tokenWords(run.tokens.input + run.tokens.output + run.tokens.cacheRead + run.tokens.cacheWrite)}
                  </td>
                  <td className="runs-table__number">{run.costUsd === null ? '?' : usdWords(run.costUsd)}</td>
                  <td title={run.detail ?? undefined}>
                    <span className={`runs-table__status runs-table__status--${run.status}`}>{run.status.replace('_', ' ')}</span>
                    {run.detail ? <span className="runs-table__detail"> {run.detail}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

function tokenTitle(run: AgentRunView): string {
  const t = run.tokens;
  return `${t.input} in · ${t.output} out · ${t.cacheRead} cache read · ${t.cacheWrite} cache write · ${run.modelCalls} call(s)`;
}
