/** email.archive, email.label, email.move and email.markRead on Gmail: label changes, each undoable. */
import { plural } from '@shared/text/plural.js';
import { z } from 'zod';
import { labelChangeExecutor } from './label-change.js';
import { labelRef, messageRefs } from './on-gmail.js';

const already = (count: number) => (count > 0 ? `; ${count} already ${count === 1 ? 'was' : 'were'}` : '');

/** Archive: out of the Inbox. Gmail keeps the message in All Mail with its other labels. */
export const archiveArgs = z.object({ messages: messageRefs });
export type GmailArchiveArgs = z.infer<typeof archiveArgs>;

export const archiveExecutor = labelChangeExecutor({
  capability: 'email.archive',
  args: archiveArgs,
  doing: 'archive your Gmail messages',
  edit: () => ({ remove: ['INBOX'] }),
  done: (_args, changed, unchanged) => `Archived ${plural(changed, 'message')} (out of the Inbox, kept in All Mail${already(unchanged)})`,
  undone: (_args, count) => `Moved ${plural(count, 'message')} back to the Inbox`,
});

/** Label: add and take off user labels (or STARRED, IMPORTANT). */
export const labelArgs = z
  .object({ messages: messageRefs, add: z.array(labelRef).default([]), remove: z.array(labelRef).default([]) })
  .refine((args) => args.add.length + args.remove.length > 0, 'a label step adds or removes at least one label');
export type GmailLabelArgs = z.infer<typeof labelArgs>;

const names = (labels: readonly { name: string }[]) => labels.map((label) => label.name).join(', ');

export const labelExecutor = labelChangeExecutor({
  capability: 'email.label',
  args: labelArgs,
  doing: 'label your Gmail messages',
  edit: (args) => ({ add: args.add.map((label) => label.id), remove: args.remove.map((label) => label.id) }),
  done: (args, changed, unchanged) => {
    const what = [args.add.length > 0 ? `added ${names(args.add)}` : null, args.remove.length > 0 ? `took off ${names(args.remove)}` : null].filter(Boolean).join(' and ');
    return `Labels of ${plural(changed, 'message')}: ${what}${already(unchanged)}`;
  },
  undone: (_args, count) => `Put the labels of ${plural(count, 'message')} back as they were`,
});

/** Move: from one label (folder) to another, as Gmail's "Move to" does. */
export const moveArgs = z.object({ messages: messageRefs, from: labelRef, to: labelRef }).refine((args) => args.from.id !== args.to.id, 'a move needs two different labels');
export type GmailMoveArgs = z.infer<typeof moveArgs>;

export const moveExecutor = labelChangeExecutor({
  capability: 'email.move',
  args: moveArgs,
  doing: 'move your Gmail messages',
  edit: (args) => ({ add: [args.to.id], remove: [args.from.id] }),
  done: (args, changed, unchanged) => `Moved ${plural(changed, 'message')} from ${args.from.name} to ${args.to.name}${already(unchanged)}`,
  undone: (args, count) => `Moved ${plural(count, 'message')} back to ${args.from.name}`,
});

/** Mark read or unread: Gmail's UNREAD label. */
export const markReadArgs = z.object({ messages: messageRefs, read: z.boolean() });
export type GmailMarkReadArgs = z.infer<typeof markReadArgs>;

export const markReadExecutor = labelChangeExecutor({
  capability: 'email.markRead',
  args: markReadArgs,
  doing: 'mark your Gmail messages read',
  edit: (args) => (args.read ? { remove: ['UNREAD'] } : { add: ['UNREAD'] }),
  done: (args, changed, unchanged) => `Marked ${plural(changed, 'message')} ${args.read ? 'read' : 'unread'}${already(unchanged)}`,
  undone: (args, count) => `Marked ${plural(count, 'message')} ${args.read ? 'unread' : 'read'} again`,
});
