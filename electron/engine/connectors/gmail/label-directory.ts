/**
 * The account's labels, as far as items need them: names for user labels (an item's folders) and
 * the ids of the labels the user chose to take mail from. Read once, and again only when a message
 * carries a label Steward has not seen (the user made one), so a quiet poll costs nothing here.
 */
import type { GmailApi } from './gmail-client.js';
import { resolveLabelScope, SYSTEM_LABEL_ID, type LabelInfo, type LabelNames, type LabelScope } from './mail-items.js';

export class LabelDirectory {
  private labels: LabelInfo[] | null = null;

  constructor(private readonly api: GmailApi) {}

  /** Reads the labels if they were never read or one of these ids is new. */
  async cover(labelIds: Iterable<string>, signal?: AbortSignal): Promise<void> {
    const known = new Set(this.labels?.map((label) => label.id) ?? []);
    const missing = this.labels === null || [...labelIds].some((id) => !SYSTEM_LABEL_ID.test(id) && !known.has(id));
    if (missing) await this.refresh(signal);
  }

  async refresh(signal?: AbortSignal): Promise<void> {
    const { data } = await this.api.users.labels.list({ userId: 'me' }, { signal });
    this.labels = (data.labels ?? []).flatMap((label): LabelInfo[] =>
      label.id && label.name ? [{ id: label.id, name: label.name, type: label.type === 'user' ? 'user' : 'system' }] : [],
    );
  }

  /** Names of user labels by id. */
  names(): LabelNames {
    return new Map((this.labels ?? []).filter((label) => label.type === 'user').map((label) => [label.id, label.name]));
  }

  scope(chosen: readonly string[] | null): LabelScope {
    return resolveLabelScope(chosen, this.labels ?? []);
  }
}
