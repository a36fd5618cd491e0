import { Icon } from '../components/Icon';

/**
 * The *Interruptions* tab. What the interruption policy does today is stated; the engine does
 * not yet record what it raised or held.
 *
 * PLACEHOLDER for the agent work (issue: interruptions, quiet hours, presence): when the engine
 * exposes its interruption log (each suggestion raised as a notification or held, with the
 * reason: "held: quiet hours", "held: you were away") and the held-interruption summary for
 * when the user returns, render them in the marked section below. Nothing here fakes that data.
 */
export function InterruptionsPanel() {
  return (
    <div className="interruptions">
      <section className="interruptions__section" aria-labelledby="interruptions-policy">
        <h2 id="interruptions-policy" className="activity__day-title">
          When Steward interrupts you
        </h2>
        <ul className="activity__list">
          <li className="activity-row">
            <span className="activity-row__icon activity-row__icon--attention">
              <Icon name="bell" size={13} />
            </span>
            <div className="activity-row__body">
              <p className="activity-row__title">Urgent and normal suggestions</p>
              <p className="activity-row__detail">A desktop notification; clicking it opens the suggestion.</p>
            </div>
          </li>
          <li className="activity-row">
            <span className="activity-row__icon">
              <Icon name="inbox" size={13} />
            </span>
            <div className="activity-row__body">
              <p className="activity-row__title">Low-urgency suggestions</p>
              <p className="activity-row__detail">Wait quietly in For you.</p>
            </div>
          </li>
          <li className="activity-row">
            <span className="activity-row__icon">
              <Icon name="pause" size={13} />
            </span>
            <div className="activity-row__body">
              <p className="activity-row__title">While paused</p>
              <p className="activity-row__detail">No notifications at all.</p>
            </div>
          </li>
        </ul>
      </section>

      {/* AGENT WORK GOES HERE: the engine's log of raised and held interruptions, and the summary on return. */}
      <section className="interruptions__section" aria-labelledby="interruptions-held">
        <h2 id="interruptions-held" className="activity__day-title">
          Raised and held
        </h2>
        <p className="notice">
          <Icon name="clock" size={14} />
          <span>
            Steward does not keep a record of its notifications yet. Once it does, what it raised or held back, and why (“held:
            quiet hours”), will be listed here, with a summary when you come back.
          </span>
        </p>
      </section>
    </div>
  );
}
