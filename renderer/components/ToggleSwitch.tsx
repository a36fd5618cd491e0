import type { ReactNode } from 'react';

interface ToggleSwitchProps {
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
  readonly label: ReactNode;
  readonly disabled?: boolean;
  readonly busy?: boolean;
  readonly className?: string;
  readonly describedBy?: string;
}

/** An on/off switch with its label beside it; a button with role="switch" underneath. */
export function ToggleSwitch({ checked, onChange, label, disabled, busy, className, describedBy }: ToggleSwitchProps) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-busy={busy || undefined}
      aria-describedby={describedBy}
      disabled={disabled}
      className={`toggle ${className ?? ''}`}
      onClick={() => onChange(!checked)}
    >
      <span className="toggle__label">{label}</span>
      <span className="toggle__track" aria-hidden="true">
        <span className="toggle__thumb" />
      </span>
    </button>
  );
}
