/**
 * What the engine tells its clients. These are plain data, produced by the engine and read by
 * the renderer and the CLI; inputs coming the other way are validated by the schemas in
 * ../api/inputs.ts.
 */
import type { AccountSettingsByKind } from '../connectors/index.js';
import type { AgentStatus } from './agent.js';
import type { AppId, CapabilityId, RiskClass } from './capabilities.js';
import type { StepCaution } from './caution.js';
import type { DayStatus } from './calendar.js';
import type { ActionPreview } from './previews.js';
import type { GrantPredicate, GrantScope } from './permissions.js';

export type { ActionPreview, MessagePreview } from './previews.js';

export type GrantMode = 'deny' | 'ask' | 'allow';

export type ConnectionState =
  | 'connecting'
  | 'syncing'
  | 'connected'
  | 'reconnecting'
  | 'auth_failed'
  | 'stopped';

export interface AccountConnection {
  readonly state: ConnectionState;
  /** ISO time of the last completed sync, or null before the first one. */
  readonly lastSyncAt: string | null;
  /** The last problem, in words a user can act on; null when healthy. */
  readonly lastError: string | null;
  /** When the next reconnect attempt is due while reconnecting. */
  readonly nextRetryAt: string | null;
  /** A long sync under way (the first one takes the history); null or absent otherwise. */
  readonly progress?: SyncProgress | null;
}

/** A folder of a mail account, as Steward reads it. */
export interface AccountFolder {
  readonly path: string;
  /** What it is for; null for the user's own folders. */
  readonly role: 'inbox' | 'sent' | 'drafts' | 'archive' | 'trash' | 'junk' | null;
  /** Why: INBOX by name, the user chose it, the server marks it (special-use), or a common name. */
  readonly source: 'inbox' | 'chosen' | 'server' | 'name' | null;
}

/** "12,400 of 48,210 messages": how far a long sync has come. */
export interface SyncProgress {
  /** `history`: the first sync takes the account's past; `resync`: a folder the server renumbered. */
  readonly phase: 'history' | 'resync';
  readonly done: number;
  readonly total: number;
}

interface AccountBase<K extends AppId> {
  readonly id: string;
  /** The connector that serves it; `settings` has that kind's shape. */
  readonly kind: K;
  readonly email: string;
  readonly displayName: string;
  readonly settings: AccountSettingsByKind[K];
  readonly createdAt: string;
  readonly connection: AccountConnection;
}

/** A connected account of any kind (mail, calendar, folders), discriminated by `kind`. */
export type Account = { [K in AppId]: AccountBase<K> }[AppId];

/** What the engine's items are: a message, an event, a file. */
export type ItemKind = 'mail' | 'event' | 'file';

export type Urgency = 'low' | 'normal' | 'high';

/**
 * What a suggestion is. Detectors make newsletters, reply, follow-up, invitation and deadline;
 * the agent makes reply too (its draft replaces the detector's template), agent (any other step
 * it proposed), and notes with no step at all: digest (while you were away), brief (the morning
 * brief) and meeting_prep.
 */
export type SuggestionKind =
  | 'newsletters'
  | 'reply'
  /** A question the user sent has had no answer for a while. */
  | 'follow-up'
  /** A calendar invitation (or its cancellation) arrived by mail. */
  | 'invitation'
  /** Someone wrote to the user about a date something is due. */
  | 'deadline'
  /** An invitation in the user's calendar waits for their answer. */
  | 'rsvp'
  /** Two events at the same time. */
  | 'conflict'
  /** A day with no break: a tentative focus block. */
  | 'focus'
  /** Old loose files in Downloads, into one dated folder. */
  | 'downloads-tidy'
  /** Copies of a download ("report (1).pdf") equal to the original, to the Trash. */
  | 'duplicate-downloads'
  /** A mail attachment also saved to Downloads, to be filed next to related work. */
  | 'attachment-saved'
  /** The user promised someone a file by a day that passed, and nothing was sent. */
  | 'promised-file'
  | 'agent'
  | 'digest'
  | 'brief'
  | 'meeting_prep';

/**
 * Who proposed a suggestion. A detector's rule, or a run of the model: then with the model's
 * one-line reason (shown on the card), the run (see `steward runs`), and the untrusted items
 * (mail, events, files others wrote) that were in the model's context when it proposed.
 */
export type SuggestionOrigin =
  | { readonly kind: 'detector' }
  | {
      readonly kind: 'agent';
      readonly runId: string;
      /** The job that ran: triage, draft_reply, digest, brief, meeting_prep, review. */
      readonly job: string;
      readonly model: string | null;
      readonly reason: string;
      readonly untrustedItemIds: readonly string[];
      /** What the model wrote for the user to read (a digest, a brief); null for a plain step. */
      readonly note: string | null;
    };

export type SuggestionStatus =
  | 'pending'
  | 'running'
  | 'done'
  | 'failed'
  | 'dismissed'
  | 'undone'
  | 'cancelled'
  /** No longer needed: what it was about left the inbox some other way. */
  | 'expired';

export interface SourceRef {
  readonly kind: ItemKind;
  readonly itemId: string;
  /** Who or what it came from, e.g. the sender's name. */
  readonly label: string;
  /** What it is about: a subject, an event title, a file name. */
  readonly subject: string;
  readonly at: string;
}

export type ActionStatus =
  | 'proposed'
  /** Approved and waiting in the outbox for its undo window to pass (see Action.outbox). */
  | 'scheduled'
  | 'approved'
  /**
   * Approved, not started, and waiting because Steward is paused: it runs when the user resumes
   * (checked again by the gate then), and can be cancelled until then.
   */
  | 'held'
  | 'running'
  | 'done'
  | 'failed'
  | 'cancelled'
  | 'interrupted'
  | 'undone';

export type GateDecision = 'allow' | 'ask' | 'deny';

export interface Action {
  readonly id: string;
  readonly suggestionId: string;
  readonly capability: CapabilityId;
  readonly risk: RiskClass;
  readonly app: AppId;
  readonly accountId: string;
  /** The step in words: "Move 4 messages from INBOX to Archive". */
  readonly title: string;
  readonly preview: ActionPreview;
  readonly status: ActionStatus;
  readonly decision: GateDecision;
  /** Why it failed or was stopped, in words; null otherwise. */
  readonly error: string | null;
  /** What executing it did, in words ("Moved 4 messages to Archive"). */
  readonly result: string | null;
  readonly executedAt: string | null;
  readonly undoneAt: string | null;
  readonly canUndo: boolean;
  /** While the step waits in the outbox (status 'scheduled'): when it leaves; null otherwise. */
  readonly outbox: OutboxWait | null;
  /**
   * Set on an outward step that always asks, whatever the permissions: why (untrusted content
   * in the model's context, a new recipient, one outside the conversation's domain) and where
   * each recipient came from. The card marks the step with it.
   */
  readonly caution?: StepCaution | null;
}

/**
 * An approved send waiting out its undo window. The countdown stops while Steward is paused:
 * then `dueAt` is null and `heldMs` is what was left of the window, given back on resume.
 */
export interface OutboxWait {
  readonly dueAt: string | null;
  readonly heldMs: number | null;
}

export interface Suggestion {
  readonly id: string;
  readonly kind: SuggestionKind;
  readonly accountId: string;
  /** A verb and an object: "Archive 4 newsletters". */
  readonly title: string;
  /** One line of why. */
  readonly why: string;
  readonly urgency: Urgency;
  readonly status: SuggestionStatus;
  /** Increases whenever the plan changes, so an approval can insist on what the user saw. */
  readonly revision: number;
  /** Warnings shown on the card before the buttons (untrusted source, bulk, new recipient). */
  readonly flags: readonly string[];
  /**
   * Where it came from. A list of suggestions names only the first 50 (getSuggestion names all):
   * sourceCount says how many there are.
   */
  readonly sources: readonly SourceRef[];
  readonly sourceCount: number;
  readonly actions: readonly Action[];
  /** Whether it notified the user or waited in the popover, and why; null for older suggestions. */
  readonly interruption: Interruption | null;
  /** A detector's rule or a model run, with the model's reason and provenance. */
  readonly origin: SuggestionOrigin;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The interruption policy's decision about one suggestion ("held: quiet hours (22:00–07:00)"). */
export interface Interruption {
  readonly decision: 'notified' | 'held';
  /** What kind of hold, for grouping (paused, away, urgency, quiet-hours, meeting, budget). */
  readonly hold: string | null;
  readonly reason: string;
  readonly at: string;
}

/** A line of the popover's Interruptions tab. */
export interface InterruptionEntry extends Interruption {
  readonly suggestionId: string;
  readonly title: string;
  readonly urgency: Urgency;
  readonly status: SuggestionStatus;
}

export type LedgerKind =
  | 'gate.asked'
  | 'gate.allowed'
  | 'gate.denied'
  | 'gate.refused'
  | 'suggestion.approved'
  | 'suggestion.edited'
  | 'suggestion.dismissed'
   
  | 'action.scheduled'
  /** A pause holds an approved step that had not started. */
  | 'action.held'
  /** Steward resumed: a held step runs now. */
  | 'action.resumed'
  | 'action.executed'
  | 'action.failed'
  | 'action.cancelled'
  | 'action.undone'
  | 'engine.paused'
  | 'engine.resumed'
  | 'grant.changed'
  | 'rule.created'
  | 'rule.changed'
  | 'rule.deleted'
  | 'config.changed'
  | 'account.added'
  | 'account.updated'
  | 'account.removed'
  | 'ledger.accepted';

export interface LedgerEntry {
  readonly id: string;
  readonly seq: number;
  readonly at: string;
  readonly kind: LedgerKind;
  /** Who caused it: "user:ui", "user:cli", "user:web", "engine", "detector:newsletters". */
  readonly actor: string;
  readonly summary: string;
  readonly capability: CapabilityId | null;
  readonly accountId: string | null;
  readonly suggestionId: string | null;
  readonly actionId: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly prevHash: string;
  readonly hash: string;
}

export interface LedgerVerification {
  readonly ok: boolean;
  readonly checked: number;
  readonly headSeq: number;
  /** The first entry that does not verify, and why; null when the chain is intact. */
  readonly firstBad: { readonly seq: number; readonly reason: string } | null;
  /** The check against the ledger's end kept outside the database (the keychain or secrets file). */
  readonly anchor: LedgerAnchorReport;
}

/**
 * - matches: the database holds the entry Steward last anchored, with its hash;
 * - mismatch: it does not (rolled back, rewritten or replaced; firstBad says how);
 * - none: nothing anchored yet (a new data folder, or an engine that keeps no anchor);
 * - unavailable: the keychain or secrets file could not be read (detail says why).
 */
export interface LedgerAnchorReport {
  readonly state: 'matches' | 'mismatch' | 'none' | 'unavailable';
  /** The anchored entry, when one was read. */
  readonly seq: number | null;
  readonly detail: string | null;
}

export interface Grant {
  readonly id: string;
  readonly app: AppId;
  readonly capability: CapabilityId;
  readonly risk: RiskClass;
  readonly mode: GrantMode;
  /** True while the mode is the default and the user has not chosen one. */
  readonly isDefault: boolean;
  /** The connected account it is for; null: every account of the app (the app's own grant). */
  readonly accountId: string | null;
  /** Where an Allow applies (empty lists: anywhere). */
  readonly scope: GrantScope;
  /** What an Allow requires of the step (all must hold). */
  readonly predicates: readonly GrantPredicate[];
  /** When it lapses (then the app's grant or the default applies); null: never. */
  readonly expiresAt: string | null;
  /** The grant in words: "Archive messages in alice@example.com without asking, only in INBOX, until 9 Dec". */
  readonly words: string;
}

export interface EngineStatus {
  readonly paused: boolean;
  readonly pausedAt: string | null;
  readonly pausedBy: string | null;
  /** Why, when whoever paused said so ("lunch", "the engine did not stop in time"). */
  readonly pausedReason: string | null;
  readonly accounts: readonly { readonly id: string; readonly email: string; readonly connection: AccountConnection }[];
  readonly pendingSuggestions: number;
  /** Approved steps a pause holds ('held'): they run when the user resumes. */
  readonly heldSteps?: number;
  readonly lastSyncAt: string | null;
  readonly version: string;
  readonly mode: EngineMode;
  readonly presence: PresenceState;
  /** The model's side: today's spend against the budget, whether jobs wait and why. */
  readonly agent: AgentStatus;
  /** The user's day from their calendars; null when none is connected. */
  readonly day: DayStatus | null;
}

export type EngineMode = 'desktop' | 'host' | 'cli';

/**
 * Where the user is, as the desktop shell's powerMonitor sees it (the host uses a setting).
 * `resumed` and `unlocked` are moments rather than states: the engine reconnects at once, since
 * sockets opened before a sleep are usually dead without knowing it.
 */
export type PresenceState = 'active' | 'idle' | 'locked' | 'suspended';
export type PresenceReport = PresenceState | 'resumed' | 'unlocked';

/** A sign-in under way: the address to open in a browser, and the id that finishes or cancels it. */
export interface SignInStart {
  readonly signInId: string;
  /** Google's (or another provider's) sign-in page, for this sign-in only. */
  readonly url: string;
  /** When Steward stops waiting for the browser to come back (ISO). */
  readonly expiresAt: string;
}

export interface ConnectionTestResult {
  readonly ok: boolean;
  /** What was checked, in words ("Logged in; INBOX has 12 messages; Archive folder: Archive"). */
  readonly message: string;
}
