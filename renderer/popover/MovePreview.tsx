import { useState } from 'react';
import type { ActionPreview } from '@shared/domain/types';
import { fullTime, shortWhen } from '../format/time';

type Move = Extract<ActionPreview, { kind: 'move' }>;

/** How many messages show before "and N more"; one more than this shows them all instead. */
const SHOWN = 3;

/**
 * The messages a move would touch: sender, subject and date, one line each. A list of
 * suggestions names the first 50 of a long move (messageCount says how many there are).
 */
export function MovePreview({ preview }: { preview: Move }) {
  const [expanded, setExpanded] = useState(false);
  const { messages } = preview;
  const total = preview.messageCount ?? messages.length;
  const capped = !expanded && total > SHOWN + 1;
  const shown = capped ? messages.slice(0, SHOWN) : messages;
  return (
    <div className="preview">
      <ul className="message-list" aria-label={`Messages that would move to ${preview.toMailbox}`}>
        {shown.map((message, index) => (
          <li key={`${index}-${message.subject}`} className="message-row" title={`${message.from}: ${message.subject}`}>
            <span className="message-row__from">{message.from}</span>
            <span className="message-row__subject">{message.subject || '(no subject)'}</span>
            <time className="message-row__date" dateTime={message.date} title={fullTime(message.date)}>
              {shortWhen(message.date)}
            </time>
          </li>
        ))}
      </ul>
      {capped ? (
        <button type="button" className="preview__more" aria-expanded={false} onClick={() => setExpanded(true)}>
          and {(total - SHOWN).toLocaleString()} more
        </button>
      ) : null}
      {!capped && total > shown.length ? <p className="preview__note">and {(total - shown.length).toLocaleString()} more, all moved together</p> : null}
    </div>
  );
}
