import type { ReactNode } from 'react';

interface FormFieldProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: ReactNode;
  /** Shown under the field in place of the hint, and announced with it. */
  readonly error?: string | null;
  readonly optional?: boolean;
  readonly className?: string;
  readonly children: ReactNode;
}

/**
 * A label, the control (given as children, with `id` on it), and a hint or an error beneath.
 * The control should set aria-describedby={describedBy(id)} and aria-invalid when in error.
 */
export function FormField({ id, label, hint, error, optional, className, children }: FormFieldProps) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optional ? <span className="field__optional"> (optional)</span> : null}
      </label>
      {children}
      {error ? (
        <p className="field__error" id={describedBy(id)}>
          {error}
        </p>
      ) : hint ? (
        <p className="field__hint" id={describedBy(id)}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function describedBy(id: string): string {
  return `${id}-note`;
}
