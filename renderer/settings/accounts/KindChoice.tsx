import { useRef, type KeyboardEvent } from 'react';
import type { AppId } from '@shared/domain/capabilities';
import { ADD_FORMS, ADD_ORDER } from './add-forms';

/** Which kind of account to add, as a segmented radio group (arrow keys move the choice). */
export function KindChoice({ kind, onChange, disabled }: { kind: AppId; onChange: (kind: AppId) => void; disabled?: boolean }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
    if (step === 0 || disabled) return;
    event.preventDefault();
    const index = (ADD_ORDER.indexOf(kind) + step + ADD_ORDER.length) % ADD_ORDER.length;
    const next = ADD_ORDER[index];
    if (!next) return;
    onChange(next);
    refs.current[index]?.focus();
  };
  return (
    <div className="segmented kind-choice" role="radiogroup" aria-label="Kind of account" onKeyDown={onKeyDown}>
      {ADD_ORDER.map((option, index) => (
        <button
          key={option}
          ref={(element) => {
            refs.current[index] = element;
          }}
          type="button"
          role="radio"
          aria-checked={option === kind}
          tabIndex={option === kind ? 0 : -1}
          disabled={disabled}
          className="segmented__option"
          onClick={() => onChange(option)}
        >
          {ADD_FORMS[option].choice}
        </button>
      ))}
    </div>
  );
}
