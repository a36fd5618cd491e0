export { createStewardStore, grantKey } from './store';
export type { CardState, GrantConditions, Loadable, Operation, Slice, StewardState, StewardStore } from './store';
export { StoreProvider, useSteward, useStewardActions } from './StoreProvider';
export { errorMessage } from './error-message';
