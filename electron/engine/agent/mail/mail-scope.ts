/** Which messages a read kept to a scoped Allow may see (the read tools and the jobs alike). */
import type { GrantScope } from '@shared/domain/permissions.js';
import { withinScope } from '../../gate/grant-match.js';
import type { MailItem } from '../../items/mail/mail-item.js';

/**
 * A message is seen when it is in one of the folders `within` allows (any message when the
 * Allow names no folders, or nothing narrows the read): a thread read from INBOX must not bring
 * along the user's Sent under an INBOX-only Allow.
 */
export function mailWithin(within: GrantScope | null, item: Pick<MailItem, 'folders'>): boolean {
  return (within?.folders.length ?? 0) === 0 || item.folders.some((folder) => withinScope(within, 'folders', folder));
}
