import type { GrantMode } from '@shared/domain/types';
import { SegmentedControl, type SegmentedOption } from '../../components/SegmentedControl';

const MODES: readonly SegmentedOption<GrantMode>[] = [
  { value: 'deny', label: 'Deny' },
  { value: 'ask', label: 'Ask' },
  { value: 'allow', label: 'Allow' },
];

interface GrantModeControlProps {
  readonly label: string;
  readonly mode: GrantMode;
  readonly disabled?: boolean;
  readonly onChange: (mode: GrantMode) => void;
}

/** Deny / Ask / Allow as a segmented control. */
export function GrantModeControl({ label, mode, disabled, onChange }: GrantModeControlProps) {
  return <SegmentedControl label={label} options={MODES} value={mode} onChange={onChange} {...(disabled === undefined ? {} : { disabled })} />;
}
