/** email.label: the user's keywords (and \Flagged) on messages; undo puts back what was there. */
import { flagExecutor } from './change-flags.js';
import { labelFlagAllowed } from './flag-names.js';

export const labelExecutor = flagExecutor({ capability: 'email.label', allowed: labelFlagAllowed });
