import type { AccountConnection } from '@shared/domain/types';
import { connectionWords } from '../../format/connection';

/** The account's connection state as a coloured dot and a word. */
export function ConnectionPill({ connection }: { connection: AccountConnection }) {
  const { label, tone } = connectionWords(connection);
  return (
    <span className={`pill pill--${tone}`}>
      <span className="pill__dot" aria-hidden="true" />
      {label}
    </span>
  );
}
