import type { Urgency } from '@shared/domain/types';

/** Only the urgencies that change what the user should do get a badge; normal is the default. */
export function UrgencyBadge({ urgency }: { urgency: Urgency }) {
  if (urgency === 'high') return <span className="badge badge--urgent">Urgent</span>;
  if (urgency === 'low') return <span className="badge badge--quiet">Can wait</span>;
  return null;
}
