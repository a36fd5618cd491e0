/**
 * The engine's API: one interface for every client (popover, settings, browser, CLI) and every
 * transport (MessagePort in the desktop app, WebSocket and HTTP from the host).
 */
import type {
  Account,
  AccountFolder,
  Action,
  ConnectionTestResult,
  EngineStatus,
  Grant,
  InterruptionEntry,
  LedgerEntry,
  LedgerVerification,
  SignInStart,
  Suggestion,
} from '../domain/types.js';
import type { CalendarEventView } from '../domain/calendar.js';
import type { ConfigEntry } from '../config/index.js';
import type { Rule } from '../domain/permissions.js';
import type { GrantedFolder, WorkingOnGroup } from '../domain/folders.js';
import type { AgentRunView, ModelSettingsView, Preference } from '../domain/agent.js';
import { inputs, type ApiInputs } from './inputs.js';

export interface EngineApi {
  getStatus(): Promise<EngineStatus>;
  listAccounts(): Promise<Account[]>;
  listSuggestions(input?: ApiInputs['listSuggestions']): Promise<Suggestion[]>;
  getSuggestion(input: ApiInputs['getSuggestion']): Promise<Suggestion>;
  /** Executed, failed and undone actions, newest first. */
  listActivity(input?: ApiInputs['listActivity']): Promise<Action[]>;
  listGrants(): Promise<Grant[]>;
  listLedger(input?: ApiInputs['listLedger']): Promise<LedgerEntry[]>;
  verifyLedger(): Promise<LedgerVerification>;
  /** Coming events across the user's calendars, soonest first. */
  listEvents(input?: ApiInputs['listEvents']): Promise<CalendarEventView[]>;
  /**
   * After a database was restored from a backup on purpose: keeps this database as the ledger,
   * records that (with the end it replaces) and anchors its end. Returns the new verification.
   */
  acceptLedger(): Promise<LedgerVerification>;
  /** What notified and what waited, and why, newest first. */
  listInterruptions(input?: ApiInputs['listInterruptions']): Promise<InterruptionEntry[]>;
  getConfig(): Promise<ConfigEntry[]>;
  setConfig(input: ApiInputs['setConfig']): Promise<ConfigEntry>;

  pause(input?: ApiInputs['pause']): Promise<EngineStatus>;
  resume(): Promise<EngineStatus>;
  /** The shell reports sleep, wake, lock and idle; after a wake the engine reconnects at once. */
  reportPresence(input: ApiInputs['reportPresence']): Promise<EngineStatus>;
  /** Tries an account's settings without storing anything. */
  testAccount(input: ApiInputs['testAccount']): Promise<ConnectionTestResult>;
  /** Tests, then stores the account (its secret in the keychain) and starts watching it. */
  addAccount(input: ApiInputs['addAccount']): Promise<Account>;
  /**
   * Starts adding an account by signing in (OAuth: Gmail): Steward listens for the browser's
   * return and answers at once with the address to open. The engine never opens a browser
   * itself (it may run headless): the CLI prints and opens it, Settings opens it.
   */
  beginSignIn(input: ApiInputs['beginSignIn']): Promise<SignInStart>;
  /**
   * Waits until that sign-in is over and returns the account it added (or signed in again).
   * The account is added when the browser comes back even if nobody waits here.
   */
  completeSignIn(input: ApiInputs['completeSignIn']): Promise<Account>;
  /** Stops waiting for a sign-in; its completeSignIn fails with "cancelled". */
  cancelSignIn(input: ApiInputs['cancelSignIn']): Promise<{ signInId: string; cancelled: boolean }>;
  /** Stops watching, revokes what the account granted Steward (OAuth) and forgets its secrets. */
  removeAccount(input: ApiInputs['removeAccount']): Promise<AccountRemoval>;
  /** Tests the new password, stores it in the keychain and reconnects. */
  updateAccountPassword(input: ApiInputs['updateAccountPassword']): Promise<Account>;
  /** Changes what the account's kind lets the user change (IMAP: which folder is Sent, Junk…; how much history), and syncs again. */
  updateAccountSettings(input: ApiInputs['updateAccountSettings']): Promise<Account>;
  /** The account's folders on the server, each with the role Steward gives it and why. */
  listAccountFolders(input: ApiInputs['listAccountFolders']): Promise<AccountFolder[]>;
  /**
   * Approves every step of the plan and runs it; resolves once the plan has run, or, for a
   * message to send, as soon as it waits in the outbox (its step says when it leaves).
   */
  approveSuggestion(input: ApiInputs['approveSuggestion']): Promise<Suggestion>;
  /** Replaces the text of the message the plan composes; refused when `revision` is not the current one. */
  editSuggestion(input: ApiInputs['editSuggestion']): Promise<Suggestion>;
  dismissSuggestion(input: ApiInputs['dismissSuggestion']): Promise<Suggestion>;
  /** Undoes an executed action, or every executed step of a suggestion; recalls a send still in the outbox. */
  undo(input: ApiInputs['undo']): Promise<Action[]>;
  /**
   * Sets a grant: for an app, or one connected account, with scopes, predicates and an expiry.
   * An Allow of a destructive capability needs `confirm` and a scope or predicate.
   */
  setGrant(input: ApiInputs['setGrant']): Promise<Grant>;
  /** Removes an account's own grant: the app's grant (or the default) applies to it again. */
  clearGrant(input: ApiInputs['clearGrant']): Promise<Grant>;
  /** The rules made with "Always do this", oldest first. */
  listRules(): Promise<Rule[]>;
  /** "Always do this" on an approved suggestion: a rule from its structured fields. */
  createRule(input: ApiInputs['createRule']): Promise<Rule>;
  updateRule(input: ApiInputs['updateRule']): Promise<Rule>;
  deleteRule(input: ApiInputs['deleteRule']): Promise<Rule>;

  /** The model's settings as they apply (the key's presence and source, never the key). */
  getModelSettings(): Promise<ModelSettingsView>;
  setApiKey(input: ApiInputs['setApiKey']): Promise<ModelSettingsView>;
  /** The agent's runs, newest first: job, trigger, model, tokens, cost, outcome. */
  listRuns(input?: ApiInputs['listRuns']): Promise<AgentRunView[]>;
  /** What Steward keeps in mind about the user's wishes (context for the model, never a permission). */
  listPreferences(): Promise<Preference[]>;
  addPreference(input: ApiInputs['addPreference']): Promise<Preference>;
  updatePreference(input: ApiInputs['updatePreference']): Promise<Preference>;
  removePreference(input: ApiInputs['removePreference']): Promise<{ id: string; removed: true }>;

  /** The folders the user granted, with how watching each stands. */
  listFolders(): Promise<GrantedFolder[]>;
  /** Grants a folder (checked: a real folder, not a system one, not inside another granted one) and starts watching it. */
  addFolder(input: ApiInputs['addFolder']): Promise<GrantedFolder>;
  /** Stops watching a folder and forgets its index. Nothing in the folder changes. */
  removeFolder(input: ApiInputs['removeFolder']): Promise<{ id: string; removed: true }>;
  /** Recently edited files in the granted folders, grouped by project folder, newest first. */
  workingOn(input?: ApiInputs['workingOn']): Promise<WorkingOnGroup[]>;
}

export interface AccountRemoval {
  readonly id: string;
  readonly removed: true;
  /** Set when the account is gone but something could not be tidied up (a grant Google was not told to withdraw). */
  readonly warning?: string;
}

export type ApiMethod = keyof EngineApi;

/** Queries only read; HTTP serves them on GET as well as POST. */
export const QUERY_METHODS = [
  'getStatus',
  'listAccounts',
  'listSuggestions',
  'getSuggestion',
  'listActivity',
  'listGrants',
  'listLedger',
  'verifyLedger',
  'listInterruptions',
  'listEvents',
  'getConfig',
  'getModelSettings',
  'listRuns',
  'listPreferences',
  'listRules',
  'listFolders',
  'workingOn',
  'listAccountFolders',
] as const satisfies readonly ApiMethod[];

export const API_METHODS = Object.keys(inputs) as ApiMethod[];

export function isApiMethod(name: string): name is ApiMethod {
  return Object.hasOwn(inputs, name);
}

/** Who is calling, as recorded in the ledger. Set by the transport, never by the payload. */
export type ClientKind = 'ui' | 'web' | 'cli';

// The interface above and the input schemas must name the same methods; this fails to compile
// when one gains a method the other lacks.
type SameKeys<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : never;
export const contractCoversInputs: SameKeys<ApiMethod, keyof typeof inputs> = true;
