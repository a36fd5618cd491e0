/**
 * The engine's event stream. Events say what changed; clients refetch what they show. This
 * keeps one source of truth (the engine's queries) and makes a missed event harmless.
 */
import type { Urgency } from '../domain/types.js';

export type EngineEvent =
  | { readonly type: 'status.changed' }
  | { readonly type: 'accounts.changed' }
  | { readonly type: 'suggestions.changed' }
  | {
      readonly type: 'suggestion.created';
      readonly suggestion: {
        readonly id: string;
        readonly title: string;
        readonly why: string;
        readonly urgency: Urgency;
        /** The interruption policy's verdict: notify now (true) or wait in the popover (false). */
        readonly interrupt: boolean;
      };
    }
  | { readonly type: 'activity.changed' }
  /** The user is back after being away: what waited for them meanwhile (the shell shows one notification). */
  | {
      readonly type: 'interruptions.summary';
      readonly count: number;
      /** Oldest first. */
      readonly suggestionIds: readonly string[];
      readonly titles: readonly string[];
      readonly since: string;
    }
  | { readonly type: 'config.changed'; readonly key: string }
  | { readonly type: 'grants.changed' }
  | { readonly type: 'rules.changed' }
  | { readonly type: 'ledger.appended'; readonly seq: number };

export type EngineEventType = EngineEvent['type'];
