/**
 * email.trash: messages to the account's Trash folder (destructive: many servers empty Trash on
 * their own after a while). Never a permanent delete: no \Deleted flag, no EXPUNGE. Undo moves
 * them back for as long as Trash still holds them.
 */
import { ApiError } from '@shared/api/errors.js';
import { findAccountMailbox } from '../mailboxes.js';
import { moveExecutor } from './move-messages.js';

export const trashExecutor = moveExecutor({
  capability: 'email.trash',
  async target(client, _args, account) {
    const trash = await findAccountMailbox(client, '\\Trash', account.settings);
    if (!trash) {
      throw new ApiError(
        'not_found',
        `${account.settings.host} has no Trash folder. Steward never deletes mail permanently, so it cannot move anything to the Trash here; create a folder named Trash in your mail program.`,
      );
    }
    return trash;
  },
  goneFromTarget: (trash) => `The messages are no longer in ${trash} (it was emptied, or they were moved), so they cannot be brought back.`,
});
