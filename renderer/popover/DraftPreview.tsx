import { useState } from 'react';
import type { ActionPreview } from '@shared/domain/types';
import type { CapabilityId } from '@shared/domain/capabilities';

type Draft = Extract<ActionPreview, { kind: 'draft' }>;

const LONG_LINES = 4;
const LONG_CHARS = 220;

/** A draft exactly as it would be saved: recipient, subject and the text itself. */
export function DraftPreview({ preview, capability }: { preview: Draft; capability: CapabilityId }) {
  const [expanded, setExpanded] = useState(false);
  const long = preview.body.split('\n').length > LONG_LINES || preview.body.length > LONG_CHARS;
  return (
    <div className="preview">
      <dl className="draft-meta">
        <div className="draft-meta__row">
          <dt>To</dt>
          <dd title={preview.to}>{preview.to}</dd>
        </div>
        <div className="draft-meta__row">
          <dt>Subject</dt>
          <dd title={preview.subject}>{preview.subject}</dd>
        </div>
      </dl>
      <div className="draft-body">
        <p className={long && !expanded ? 'draft-body__text draft-body__text--clamped' : 'draft-body__text'}>{preview.body}</p>
      </div>
      {long ? (
        <button type="button" className="preview__more" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Show less' : 'Show the whole draft'}
        </button>
      ) : null}
      <p className="preview__note">
        {capability === 'email.send'
          ? `Sent in your name to ${preview.to}; a copy goes to ${preview.mailbox}.`
          : `Saved in ${preview.mailbox}; nothing is sent.`}
      </p>
    </div>
  );
}
