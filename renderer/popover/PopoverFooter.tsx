import { useSteward } from '../state';
import { AgentLine } from './AgentLine';
import { OpenSettings } from './OpenSettings';

export function PopoverFooter() {
  const version = useSteward((state) => state.status.data?.version);
  return (
    <>
      <AgentLine />
      <footer className="popover-footer">
        <span className="popover-footer__version">{version ? `Steward ${version}` : 'Steward'}</span>
        <OpenSettings className="button button--ghost button--small" withIcon>
          Settings
        </OpenSettings>
      </footer>
    </>
  );
}
