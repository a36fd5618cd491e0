import type { StepCaution as Caution } from '@shared/domain/caution';
import { Icon } from '../components/Icon';

/**
 * The mark on an outward step that always asks, whatever the permissions: why (the engine's
 * words, from facts, never from the model) and where each recipient came from.
 */
export function StepCaution({ caution }: { caution: Caution }) {
  return (
    <section className="step-caution" aria-label="Always asks">
      <p className="step-caution__head">
        <Icon name="alert" size={14} />
        <span>Always asks: check this step before you approve.</span>
      </p>
      <ul className="step-caution__reasons">
        {caution.words.map((words) => (
          <li key={words}>{words}</li>
        ))}
      </ul>
      {caution.recipients.length > 0 ? (
        <dl className="step-caution__recipients">
          {caution.recipients.map((recipient) => (
            <div key={recipient.address} className="step-caution__recipient">
              <dt className={recipient.known ? undefined : 'step-caution__new'}>
                {recipient.address}
                {recipient.known ? null : <span className="step-caution__tag">new</span>}
              </dt>
              <dd>{recipient.origin}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </section>
  );
}
