/** email.move: messages from one folder of the account to another it names. */
import { ApiError } from '@shared/api/errors.js';
import { moveExecutor } from './move-messages.js';

export const moveMessagesExecutor = moveExecutor({
  capability: 'email.move',
  async target(client, args, account) {
    const wanted = args.toMailbox;
    if (!wanted) throw new ApiError('invalid_input', 'The step does not say which folder to move the messages to.');
    const list = await client.list();
    const found = list.find((box) => box.path === wanted) ?? list.find((box) => box.path.toLowerCase() === wanted.toLowerCase());
    if (!found) throw new ApiError('not_found', `There is no folder "${wanted}" on ${account.settings.host}. It may have been renamed or deleted.`);
    return found.path;
  },
  goneFromTarget: (target) => `The messages are no longer in ${target}, so there is nothing to move back.`,
});
