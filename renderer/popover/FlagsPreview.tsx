import type { ActionPreview } from '@shared/domain/types';
import { fullTime, shortWhen } from '../format/time';

type Flags = Extract<ActionPreview, { kind: 'flags' }>;

/** "\Seen" is read, "\Flagged" flagged; a keyword is itself. */
function words(flag: string): string {
  if (flag.toLowerCase() === '\\seen') return 'read';
  if (flag.toLowerCase() === '\\flagged') return 'flagged';
  return `“${flag}”`;
}

/** The marks a step would set or clear, and on which messages. */
export function FlagsPreview({ preview }: { preview: Flags }) {
  const change = [
    preview.add.length > 0 ? `marked ${preview.add.map(words).join(' and ')}` : null,
    preview.remove.length > 0 ? `no longer ${preview.remove.map(words).join(' or ')}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <div className="preview">
      <ul className="message-list" aria-label={`Messages that would be ${change}`}>
        {preview.messages.map((message, index) => (
          <li key={`${index}-${message.subject}`} className="message-row" title={`${message.from}: ${message.subject}`}>
            <span className="message-row__from">{message.from}</span>
            <span className="message-row__subject">{message.subject || '(no subject)'}</span>
            <time className="message-row__date" dateTime={message.date} title={fullTime(message.date)}>
              {shortWhen(message.date)}
            </time>
          </li>
        ))}
      </ul>
      {(preview.messageCount ?? 0) > preview.messages.length ? (
        <p className="preview__note">and {((preview.messageCount ?? 0) - preview.messages.length).toLocaleString()} more</p>
      ) : null}
      <p className="preview__note">Undo takes the marks off again.</p>
    </div>
  );
}
