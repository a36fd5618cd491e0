import { Icon } from '../components/Icon';

/** Why this proposal deserves a second look (untrusted source, new recipient, bulk), in words. */
export function FlagList({ flags }: { flags: readonly string[] }) {
  if (flags.length === 0) return null;
  return (
    <ul className="flags" aria-label="Before you approve">
      {flags.map((flag) => (
        <li key={flag} className="flag">
          <Icon name="alert" size={14} />
          <span>{flag}</span>
        </li>
      ))}
    </ul>
  );
}
