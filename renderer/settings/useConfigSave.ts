import { useState } from 'react';
import { errorMessage, useStewardActions } from '../state';

/** Saves one setting (checked by the engine) and says how it went, next to the field. */
export function useConfigSave(key: string) {
  const actions = useStewardActions();
  const [state, setState] = useState<{ busy: boolean; error: string | null; saved: boolean }>({ busy: false, error: null, saved: false });
  const save = async (value: unknown) => {
    setState({ busy: true, error: null, saved: false });
    try {
      const entry = await actions.setConfig(key, value);
      setState({ busy: false, error: null, saved: true });
      actions.announce(`Saved: ${entry.description.split(/[.:(]/)[0] ?? entry.key}`);
    } catch (error) {
      setState({ busy: false, error: errorMessage(error), saved: false });
    }
  };
  return { ...state, save };
}
