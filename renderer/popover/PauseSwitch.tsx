import { ToggleSwitch } from '../components/ToggleSwitch';
import { useSteward, useStewardActions } from '../state';

/** The kill switch. No confirmation: stopping must always be one click away. */
export function PauseSwitch({ paused }: { paused: boolean }) {
  const change = useSteward((state) => state.pauseChange);
  const online = useSteward((state) => state.link.kind === 'open');
  const { setPaused } = useStewardActions();
  return (
    <ToggleSwitch
      className="pause-switch"
      checked={paused}
      busy={change.busy}
      disabled={change.busy || !online}
      label={paused ? 'Paused' : 'Pause'}
      onChange={(next) => void setPaused(next)}
    />
  );
}
