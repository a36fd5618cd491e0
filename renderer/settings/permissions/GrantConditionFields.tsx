import { FormField, describedBy } from '../../components/FormField';

/** Detectors whose proposals a grant can be limited to. */
const DETECTOR_CHOICES: readonly { id: string; label: string }[] = [
  { id: 'newsletters', label: 'the newsletter detector' },
  { id: 'reply', label: 'the reply detector' },
  { id: 'follow-up', label: 'the follow-up detector' },
  { id: 'deadline', label: 'the deadline detector' },
];

interface GrantConditionFieldsProps {
  /** A prefix for the fields' ids. */
  readonly base: string;
  readonly folders: string;
  readonly onFolders: (value: string) => void;
  readonly detector: string;
  readonly onDetector: (value: string) => void;
  readonly folderHint: string;
  readonly optional?: boolean;
}

/** Where an Allow applies (folders) and what it requires (a detector): the two conditions both forms ask for. */
export function GrantConditionFields({ base, folders, onFolders, detector, onDetector, folderHint, optional }: GrantConditionFieldsProps) {
  return (
    <>
      <FormField id={`${base}-folders`} label="Only in these folders" hint={folderHint} optional={optional === true}>
        <input id={`${base}-folders`} className="input" value={folders} aria-describedby={describedBy(`${base}-folders`)} onChange={(event) => onFolders(event.target.value)} />
      </FormField>
      <FormField id={`${base}-detector`} label="Only what this detector flagged" optional={optional === true}>
        <select id={`${base}-detector`} className="input" value={detector} onChange={(event) => onDetector(event.target.value)}>
          <option value="">Any proposer</option>
          {DETECTOR_CHOICES.map((d) => (
            <option key={d.id} value={d.id}>
              {d.label}
            </option>
          ))}
        </select>
      </FormField>
    </>
  );
}

/** "INBOX, Newsletters" → ['INBOX', 'Newsletters']. */
export function folderList(text: string): string[] {
  return text
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
}
