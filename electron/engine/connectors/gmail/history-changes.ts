/**
 * Boils a run of Gmail history records down to what happened to each message, in the end: it was
 * added, its labels changed, or it was deleted for good. Order matters only within one message
 * (added then deleted is deleted); the labels themselves are not taken from history but read
 * afresh, since history says what changed, not what the message has now.
 */
import type { gmail_v1 } from '@googleapis/gmail';

export interface HistoryChanges {
  /** New to the mailbox since the cursor: fetch whole. */
  readonly added: readonly string[];
  /** Already there; labels changed: read their labels. */
  readonly relabelled: readonly string[];
  /** Deleted for good (not trashed: that is a label change). */
  readonly deleted: readonly string[];
  /** The highest record id seen, or null when there were none. */
  readonly lastRecordId: string | null;
}

type Fate = 'added' | 'relabelled' | 'deleted';

export function reduceHistory(records: readonly gmail_v1.Schema$History[]): HistoryChanges {
  const fates = new Map<string, Fate>();
  let lastRecordId: string | null = null;
  const note = (id: string | null | undefined, fate: Fate) => {
    if (!id) return;
    const before = fates.get(id);
    if (before === 'deleted') return;
    if (fate === 'relabelled' && before === 'added') return;
    fates.set(id, fate);
  };
  for (const record of records) {
    for (const entry of record.messagesAdded ?? []) note(entry.message?.id, 'added');
    for (const entry of record.labelsAdded ?? []) note(entry.message?.id, 'relabelled');
    for (const entry of record.labelsRemoved ?? []) note(entry.message?.id, 'relabelled');
    for (const entry of record.messagesDeleted ?? []) note(entry.message?.id, 'deleted');
    if (record.id && (lastRecordId === null || BigInt(record.id) > BigInt(lastRecordId))) lastRecordId = record.id;
  }
  const having = (fate: Fate) => [...fates].filter(([, f]) => f === fate).map(([id]) => id);
  return { added: having('added'), relabelled: having('relabelled'), deleted: having('deleted'), lastRecordId };
}
