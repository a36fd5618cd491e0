import { useRef, type KeyboardEvent } from 'react';
import type { GrantMode } from '@shared/domain/types';

const MODES: readonly { mode: GrantMode; label: string }[] = [
  { mode: 'deny', label: 'Deny' },
  { mode: 'ask', label: 'Ask' },
  { mode: 'allow', label: 'Allow' },
];

interface GrantModeControlProps {
  readonly label: string;
  readonly mode: GrantMode;
  readonly disabled?: boolean;
  readonly onChange: (mode: GrantMode) => void;
}

/**
 * Deny / Ask / Allow as a segmented control: a radio group, so arrow keys move the choice and
 * Tab enters and leaves it as one stop.
 */
export function GrantModeControl({ label, mode, disabled, onChange }: GrantModeControlProps) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
    if (step === 0 || disabled) return;
    event.preventDefault();
    const index = MODES.findIndex((m) => m.mode === mode);
    const nextIndex = (index + step + MODES.length) % MODES.length;
    const next = MODES[nextIndex];
    if (!next) return;
    onChange(next.mode);
    refs.current[nextIndex]?.focus();
  };
  return (
    <div className="segmented" role="radiogroup" aria-label={label} aria-disabled={disabled || undefined} onKeyDown={onKeyDown}>
      {MODES.map((option, index) => {
        const checked = option.mode === mode;
        return (
          <button
            key={option.mode}
            ref={(element) => {
              refs.current[index] = element;
            }}
            type="button"
            role="radio"
            aria-checked={checked}
            tabIndex={checked ? 0 : -1}
            disabled={disabled}
            className={`segmented__option segmented__option--${option.mode}`}
            onClick={() => {
              if (!checked) onChange(option.mode);
            }}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}
