import { Spinner } from './Spinner';

/** The moment before the first answer from the engine. */
export function StartingScreen() {
  return (
    <div className="gate-screen gate-screen--quiet" role="status">
      <Spinner size={20} />
      <p className="gate-screen__text">Connecting to Steward…</p>
    </div>
  );
}
