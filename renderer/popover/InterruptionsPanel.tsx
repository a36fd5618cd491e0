import type { ConfigEntry } from '@shared/config/index';
import type { InterruptionEntry } from '@shared/domain/types';
import { Icon } from '../components/Icon';
import { shortWhen } from '../format/time';
import { useSteward, useStewardActions } from '../state';
import { ListError, LoadingCards } from './ListPlaceholders';

/**
 * The *Interruptions* tab: what the engine raised as a notification or held back, and why
 * ("held: quiet hours"), newest first; then the policy as it stands (from the user's settings).
 */
export function InterruptionsPanel() {
  const interruptions = useSteward((state) => state.interruptions);
  const config = useSteward((state) => state.config);
  const actions = useStewardActions();

  return (
    <div className="interruptions">
      <section className="interruptions__section" aria-labelledby="interruptions-held">
        <h2 id="interruptions-held" className="activity__day-title">
          Raised and held
        </h2>
        {interruptions.data === null ? (
          interruptions.error ? (
            <ListError message={interruptions.error} onRetry={() => void actions.refresh('interruptions')} />
          ) : (
            <LoadingCards />
          )
        ) : interruptions.data.length === 0 ? (
          <p className="notice">
            <Icon name="clock" size={14} />
            <span>Nothing yet. Each new suggestion will be listed here, with whether it notified you or waited, and why.</span>
          </p>
        ) : (
          <ul className="activity__list">
            {interruptions.data.map((entry) => (
              <InterruptionRow key={entry.suggestionId} entry={entry} />
            ))}
          </ul>
        )}
      </section>
      <section className="interruptions__section" aria-labelledby="interruptions-policy">
        <h2 id="interruptions-policy" className="activity__day-title">
          When Steward interrupts you
        </h2>
        <ul className="activity__list">
          {policyLines(config.data ?? []).map((line) => (
            <li key={line.title} className="activity-row">
              <span className={`activity-row__icon${line.attention ? ' activity-row__icon--attention' : ''}`}>
                <Icon name={line.icon} size={13} />
              </span>
              <div className="activity-row__body">
                <p className="activity-row__title">{line.title}</p>
                <p className="activity-row__detail">{line.detail}</p>
              </div>
            </li>
          ))}
        </ul>
      </section>

    </div>
  );
}

function InterruptionRow({ entry }: { entry: InterruptionEntry }) {
  const notified = entry.decision === 'notified';
  return (
    <li className="activity-row">
      <span className={`activity-row__icon${notified ? ' activity-row__icon--attention' : ''}`}>
        <Icon name={notified ? 'bell' : 'clock'} size={13} />
      </span>
      <div className="activity-row__body">
        <p className="activity-row__title">{entry.title}</p>
        <p className="activity-row__detail">
          {capitalise(entry.reason)} · <time dateTime={entry.at}>{shortWhen(entry.at)}</time>
          {entry.status === 'pending' ? null : ` · ${entry.status}`}
        </p>
      </div>
    </li>
  );
}

interface PolicyLine {
  readonly icon: 'bell' | 'inbox' | 'clock' | 'pause';
  readonly title: string;
  readonly detail: string;
  readonly attention?: boolean;
}

/** The policy in words, from the settings that steer it (defaults until they arrive). */
export function policyLines(config: readonly ConfigEntry[]): PolicyLine[] {
  // A stored null (no quiet hours) is a value, not a missing one.
  const value = (key: string, fallback: unknown) => {
    const entry = config.find((e) => e.key === key);
    return entry ? entry.value : fallback;
  };
  const minUrgency = String(value('interruptions.minUrgency', 'normal'));
  const quietHours = value('interruptions.quietHours', '22:00-07:00') as string | null;
  const perHour = Number(value('interruptions.perHour', 4));
  const notified = minUrgency === 'high' ? 'Urgent suggestions' : minUrgency === 'normal' ? 'Urgent and normal suggestions' : 'Every suggestion';
  return [
    {
      icon: 'bell',
      attention: true,
      title: notified,
      detail: perHour === 0 ? 'Notifications are off: everything waits in For you.' : `A desktop notification, at most ${perHour} an hour; the rest wait in For you.`,
    },
    {
      icon: 'clock',
      title: quietHours ? `Quiet hours ${quietHours.replace('-', '–')}` : 'No quiet hours',
      detail: quietHours ? 'Nothing notifies then, not even urgent things. In a meeting, only urgent things do.' : 'In a meeting, only urgent things notify.',
    },
    { icon: 'inbox', title: 'While you are away', detail: 'Everything waits; a single summary greets you when you are back.' },
    { icon: 'pause', title: 'While paused', detail: 'No notifications at all.' },
  ];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
