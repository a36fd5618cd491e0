import type { LedgerKind } from '@shared/domain/types';

/** Ledger kinds in words, in the order the filter lists them. */
export const LEDGER_KIND_LABELS: Readonly<Record<LedgerKind, string>> = {
  'suggestion.approved': 'Approved',
  'suggestion.dismissed': 'Dismissed',
  'suggestion.edited': 'Edited',
  'action.scheduled': 'Queued to send',
  'action.held': 'Waiting: paused',
  'action.resumed': 'Runs after resume',
  'action.executed': 'Action executed',
  'action.failed': 'Action failed',
  'action.cancelled': 'Action cancelled',
  'action.undone': 'Action undone',
  'gate.asked': 'Gate: asked',
  'gate.allowed': 'Gate: allowed',
  'gate.denied': 'Gate: denied',
  'gate.refused': 'Gate: refused',
  'engine.paused': 'Paused',
  'engine.resumed': 'Resumed',
  'config.changed': 'Setting changed',
  'grant.changed': 'Permission set',
  'rule.created': 'Rule made',
  'rule.changed': 'Rule changed',
  'rule.deleted': 'Rule deleted',
  'account.added': 'Account added',
  'account.updated': 'Password changed',
  'account.removed': 'Account removed',
  'ledger.accepted': 'Ledger accepted as restored',
};

export function ledgerKindLabel(kind: string): string {
  return (LEDGER_KIND_LABELS as Readonly<Record<string, string>>)[kind] ?? kind;
}

/** "user:ui" → "You · app"; the raw actor stays available in a tooltip. */
export function actorLabel(actor: string): string {
  switch (actor) {
    case 'user:ui':
      return 'You · app';
    case 'user:web':
      return 'You · web';
    case 'user:cli':
      return 'You · CLI';
    case 'engine':
      return 'Steward';
    default:
      if (actor.startsWith('detector:')) return 'Detector';
      if (actor.startsWith('agent:')) return 'Steward’s model';
      return actor.charAt(0).toUpperCase() + actor.slice(1);
  }
}
