import { Icon } from '../components/Icon';
import { budgetSpentLine, spendLine } from '../format/spend';
import { useSteward } from '../state';
import { OpenSettings } from './OpenSettings';

/**
 * The model in one line at the foot of the popover: today's spend against the budget; that jobs
 * wait when it is spent; what a key would add when there is none.
 */
export function AgentLine() {
  const agent = useSteward((state) => state.status.data?.agent);
  // Not known yet (nothing read the key so far), and nothing wrong: say nothing.
  if (!agent || (agent.keySet === null && !agent.problem)) return null;
  if (agent.state === 'off') {
    return (
      <p className="agent-line">
        <span>Detectors only. A model key adds triage, replies drafted in your tone, and digests.</span>
        <OpenSettings className="button button--link button--small" page="model">
          Add a key
        </OpenSettings>
      </p>
    );
  }
  if (agent.today.exhausted) {
    return (
      <p className="agent-line agent-line--attention" role="status">
        <Icon name="clock" size={12} />
        <span>{budgetSpentLine(agent)}</span>
      </p>
    );
  }
  return (
    <p className="agent-line" title={agent.problem ?? undefined}>
      {agent.problem ? <Icon name="alert" size={12} /> : null}
      <span>
        {agent.problem ? `${firstSentence(agent.problem)} · ` : ''}
        Model: {spendLine(agent)}
      </span>
    </p>
  );
}

function firstSentence(text: string): string {
  const end = text.search(/[.:](\s|$)/);
  return end > 0 ? text.slice(0, end) : text;
}
