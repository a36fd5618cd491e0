import type { ReactNode } from 'react';

/** The title of a settings page and one sentence on what it is for. */
export function PageHeading({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-heading">
      <div className="page-heading__text">
        <h1 className="page-heading__title">{title}</h1>
        <p className="page-heading__lede">{children}</p>
      </div>
      {actions ? <div className="page-heading__actions">{actions}</div> : null}
    </header>
  );
}
