import { RISK_LABELS, type RiskClass } from '@shared/domain/capabilities';

const RISK_HINTS: Readonly<Record<RiskClass, string>> = {
  read: 'Only reads; changes nothing.',
  reversible: 'Can be undone.',
  outward: 'Reaches other people; cannot be taken back once it is out.',
  destructive: 'Removes things. Steward never deletes permanently, but take care.',
};

/** The risk class of a capability, as a small label: "Reversible", "Outward"… */
export function RiskBadge({ risk }: { risk: RiskClass }) {
  return (
    <span className={`badge badge--risk-${risk}`} title={RISK_HINTS[risk]}>
      {RISK_LABELS[risk]}
    </span>
  );
}
