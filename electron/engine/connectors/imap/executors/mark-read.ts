/** email.markRead: \Seen on (read) or off (unread); undo puts back what was there. */
import { flagExecutor } from './change-flags.js';
import { readFlagAllowed } from './flag-names.js';

export const markReadExecutor = flagExecutor({ capability: 'email.markRead', allowed: readFlagAllowed });
