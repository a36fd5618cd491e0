import type { ActionPreview } from '@shared/domain/types';
import { eventWhen, fullTime } from '../format/time';

type EventStep = Extract<ActionPreview, { kind: 'event' }>;

/** The event a calendar step is about, when it is, what changes, and what undo does. */
export function EventPreview({ preview }: { preview: EventStep }) {
  const when = preview.allDay ? new Date(preview.start).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' }) : eventWhen(preview.start);
  return (
    <div className="preview">
      <dl className="draft-meta">
        <div className="draft-meta__row">
          <dt>Event</dt>
          <dd title={preview.title}>{preview.title || 'Untitled event'}</dd>
        </div>
        <div className="draft-meta__row">
          <dt>When</dt>
          <dd>
            <time dateTime={preview.start} title={fullTime(preview.start)}>
              {when}
            </time>
          </dd>
        </div>
      </dl>
      <p className="preview__note">{preview.change}</p>
      <p className="preview__note">{preview.undoNote}</p>
    </div>
  );
}
