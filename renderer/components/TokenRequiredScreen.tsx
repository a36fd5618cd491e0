import { Icon } from './Icon';

/**
 * Shown in a browser when the page has no access token, or the host refused it. The only way
 * in is the URL `steward host` printed, so the screen says exactly that.
 */
export function TokenRequiredScreen({ reason }: { reason: 'missing' | 'rejected' }) {
  return (
    <main className="gate-screen" aria-labelledby="token-title">
      <div className="gate-screen__icon">
        <Icon name="lock" size={24} />
      </div>
      <h1 id="token-title" className="gate-screen__title">
        {reason === 'missing' ? 'Open Steward with its access link' : 'This access link is no longer valid'}
      </h1>
      <p className="gate-screen__text">
        {reason === 'missing'
          ? 'Steward only answers pages opened with the link it printed when it started.'
          : 'Steward refused the token in this link. It may be from an earlier run of Steward, or cut short when it was copied.'}
      </p>
      <p className="gate-screen__text">
        Open the URL printed by <code>steward host</code> in the terminal where it runs. It ends in{' '}
        <code>#token=…</code>.
      </p>
    </main>
  );
}
