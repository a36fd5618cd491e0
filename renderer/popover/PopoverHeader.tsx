import { Icon } from '../components/Icon';
import { useSteward } from '../state';
import { PauseSwitch } from './PauseSwitch';
import { StatusLine } from './StatusLine';

/** The top of the popover. The whole header turns red while paused. */
export function PopoverHeader() {
  const status = useSteward((state) => state.status.data);
  const waiting = useSteward((state) => state.suggestions.data?.length ?? state.status.data?.pendingSuggestions ?? 0);
  const pauseError = useSteward((state) => state.pauseChange.error);
  if (!status) return null;
  return (
    <header className={status.paused ? 'popover-header popover-header--paused' : 'popover-header'}>
      <div className="popover-header__row">
        <h1 className="popover-header__title">
          <Icon name="shield-check" size={18} className="app-mark" />
          Steward
        </h1>
        <PauseSwitch paused={status.paused} />
      </div>
      <StatusLine status={status} waiting={waiting} />
      {pauseError ? (
        <p className="popover-header__error" role="alert">
          {pauseError}
        </p>
      ) : null}
    </header>
  );
}
