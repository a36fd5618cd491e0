/**
 * The renderer's state: what the engine last said (one slice per query), the link's state, and
 * what the user is doing right now (approving a card, changing a grant). Events from the engine
 * only say what changed, so the store refetches that slice; a missed event costs nothing more
 * than staleness until the next one, and every reconnect refetches everything.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EngineEvent } from '@shared/api/events';
import type { LedgerFilter } from '@shared/api/inputs';
import type { ConfigEntry } from '@shared/config/index';
import type { AccountInput, SignInInput } from '@shared/connectors/index';
import type { AppId, CapabilityId } from '@shared/domain/capabilities';
import type { ApiInputs } from '@shared/api/inputs';
import type { Rule } from '@shared/domain/permissions';
import type {
  Account,
  AccountFolder,
  Action,
  ConnectionTestResult,
  EngineStatus,
  Grant,
  GrantMode,
  InterruptionEntry,
  LedgerEntry,
  LedgerVerification,
  SignInStart,
  Suggestion,
} from '@shared/domain/types';
import type { EngineLink, LinkState, Transport } from '../api';
import { errorMessage } from './error-message';

export type Slice = 'status' | 'accounts' | 'suggestions' | 'activity' | 'grants' | 'rules' | 'ledger' | 'interruptions' | 'config';

export interface Loadable<T> {
  /** Null until the first answer arrives; kept (stale) while a refetch runs or fails. */
  readonly data: T | null;
  readonly error: string | null;
}

/** What is happening to one suggestion card because of the user. */
export type CardState =
  | { readonly kind: 'approving' }
  | { readonly kind: 'dismissing' }
  /** The call failed; the suggestion is still open and the message says why. */
  | { readonly kind: 'failed'; readonly op: 'approve' | 'dismiss'; readonly message: string }
  /** Approved in this window: the card stays where it was and shows what happened. */
  | { readonly kind: 'settled'; readonly suggestion: Suggestion; readonly position: number };

export interface Operation {
  readonly busy: boolean;
  readonly error: string | null;
}

export interface LedgerSlice extends Loadable<readonly LedgerEntry[]> {
  /** What the engine filters by (kind, app, capability, decision, actor, time); pages come filtered. */
  readonly filter: LedgerFilter;
  /** True when the last page was full, so older entries may exist. */
  readonly hasMore: boolean;
  readonly loadingOlder: boolean;
}

export interface VerificationState {
  readonly checking: boolean;
  readonly result: LedgerVerification | null;
  readonly checkedAt: number | null;
  readonly error: string | null;
}

export interface Announcement {
  readonly id: number;
  readonly text: string;
}

export interface StewardState {
  readonly transport: Transport;
  readonly link: LinkState;
  readonly status: Loadable<EngineStatus>;
  readonly accounts: Loadable<readonly Account[]>;
  readonly suggestions: Loadable<readonly Suggestion[]>;
  readonly activity: Loadable<readonly Action[]>;
  readonly grants: Loadable<readonly Grant[]>;
  /** Rules made with "Always do this", oldest first. */
  readonly rules: Loadable<readonly Rule[]>;
  readonly ledger: LedgerSlice;
  /** What notified and what waited, and why, newest first. */
  readonly interruptions: Loadable<readonly InterruptionEntry[]>;
  readonly config: Loadable<readonly ConfigEntry[]>;
  readonly verification: VerificationState;

  /** Keyed by suggestion id. */
  readonly cards: Readonly<Record<string, CardState>>;
  /** Keyed by the id passed to undo (an action or a suggestion). */
  readonly undos: Readonly<Record<string, Operation>>;
  /** Keyed by `${app}/${capability}`. */
  readonly grantChanges: Readonly<Record<string, Operation>>;
  /** Keyed by account id. */
  readonly removals: Readonly<Record<string, Operation>>;
  /** Keyed by rule id. */
  readonly ruleChanges: Readonly<Record<string, Operation>>;
  readonly pauseChange: Operation;
  /** The latest sentence for the screen reader's live region. */
  readonly announcement: Announcement | null;

  readonly actions: StewardActions;
}

export interface StewardActions {
  readonly start: () => void;
  readonly refresh: (slice: Slice) => Promise<void>;
  readonly retryConnection: () => void;
  /**
   * `send`: for a plan that composes a message, send it (true) or save it as a draft (false).
   * `always`: "Always do this": also make a rule, so plans like it run without asking.
   */
  readonly approve: (suggestionId: string, options?: { readonly send?: boolean; readonly always?: boolean }) => Promise<void>;
  /** Saves a new text for the message a plan composes; rejects with the engine's words (a stale revision…). */
  readonly editMessage: (suggestionId: string, revision: number, body: string) => Promise<void>;
  readonly dismiss: (suggestionId: string) => Promise<void>;
  /** Removes a settled card from the list. */
  readonly acknowledge: (suggestionId: string) => void;
  readonly undo: (id: string) => Promise<void>;
  readonly setPaused: (paused: boolean) => Promise<void>;
  /** Sets the app's grant; conditions and the second confirmation for a destructive Allow. Resolves true when saved. */
  readonly setGrant: (app: AppId, capability: CapabilityId, mode: GrantMode, conditions?: GrantConditions) => Promise<boolean>;
  /** One account's own grant; rejects with the engine's words. */
  readonly setAccountGrant: (accountId: string, app: AppId, capability: CapabilityId, mode: GrantMode, conditions?: GrantConditions) => Promise<Grant>;
  readonly clearAccountGrant: (accountId: string, app: AppId, capability: CapabilityId) => Promise<void>;
  /** Pause, resume, rename or delete a rule; the error stays under the rule's id. */
  readonly updateRule: (id: string, change: { readonly paused?: boolean; readonly name?: string }) => Promise<boolean>;
  readonly deleteRule: (id: string) => Promise<boolean>;
  readonly testAccount: (input: AccountInput) => Promise<ConnectionTestResult>;
  readonly addAccount: (input: AccountInput) => Promise<Account>;
  /** Starts a sign-in (OAuth kinds): the engine answers with the address the user opens. */
  readonly beginSignIn: (input: SignInInput) => Promise<SignInStart>;
  /** Resolves to the account once the browser came back; rejects with the engine's words. */
  readonly completeSignIn: (signInId: string) => Promise<Account>;
  readonly cancelSignIn: (signInId: string) => Promise<void>;
  readonly removeAccount: (accountId: string) => Promise<boolean>;
  /** Resolves to the updated account; rejects with the engine's words (wrong password...). */
  readonly updateAccountPassword: (accountId: string, password: string) => Promise<Account>;
  /** The account's folders on its server with their roles; rejects with the engine's words (server unreachable…). */
  readonly listAccountFolders: (accountId: string) => Promise<AccountFolder[]>;
  /** Changes what the account's kind lets the user change (IMAP: folders for roles, history days). */
  readonly updateAccountSettings: (accountId: string, settings: Record<string, unknown>) => Promise<Account>;
  readonly filterLedger: (filter: LedgerFilter) => Promise<void>;
  readonly loadOlderLedger: () => Promise<void>;
  readonly verifyLedger: () => Promise<void>;
  readonly announce: (text: string) => void;
  /** Changes a setting; rejects with the engine's words when the value is refused. */
  readonly setConfig: (key: string, value: unknown) => Promise<ConfigEntry>;
}

export type StewardStore = StoreApi<StewardState>;

/** What narrows an Allow: where, for what, until when; `confirm` is the second confirmation a destructive Allow needs. */
export type GrantConditions = Pick<ApiInputs['setGrant'], 'scope' | 'predicates' | 'expiresAt' | 'confirm'>;

const LEDGER_PAGE = 200;
/** Pages fetched as the user scrolls down (keyset: each costs the same deep in the ledger); the API's largest. */
const LEDGER_OLDER_PAGE = 1000;
const IDLE: Operation = { busy: false, error: null };

/** Which slices each event makes stale. */
const STALE_AFTER: Readonly<Record<EngineEvent['type'], readonly Slice[]>> = {
  'status.changed': ['status'],
  'accounts.changed': ['accounts', 'status'],
  'suggestions.changed': ['suggestions', 'status', 'interruptions'],
  'suggestion.created': ['suggestions', 'status', 'interruptions'],
  'activity.changed': ['activity'],
  'grants.changed': ['grants'],
  'rules.changed': ['rules'],
  'ledger.appended': ['ledger'],
  'interruptions.summary': ['suggestions', 'interruptions'],
  'config.changed': ['config'],
};

export function grantKey(app: AppId, capability: CapabilityId, accountId: string | null = null): string {
  return accountId ? `${app}/${capability}/${accountId}` : `${app}/${capability}`;
}

/**
 * @param watched the slices this window shows; events about others are ignored and a
 *   reconnect refetches only these.
 */
export function createStewardStore(link: EngineLink, watched: readonly Slice[]): StewardStore {
  const api = link.api;
  const inFlight = new Map<Slice, Promise<void>>();
  const again = new Set<Slice>();
  let announcementId = 0;

  return createStore<StewardState>()((set, get) => {
    const patchRecord = <K extends 'cards' | 'undos' | 'grantChanges' | 'removals' | 'ruleChanges'>(
      key: K,
      id: string,
      value: StewardState[K][string] | undefined,
    ) => {
      const next = { ...get()[key] } as Record<string, StewardState[K][string]>;
      if (value === undefined) delete next[id];
      else next[id] = value;
      set({ [key]: next } as unknown as Partial<StewardState>);
    };

    const fetchSlice = async (slice: Slice): Promise<void> => {
      try {
        switch (slice) {
          case 'status':
            set({ status: { data: await api.getStatus(), error: null } });
            break;
          case 'accounts':
            set({ accounts: { data: await api.listAccounts(), error: null } });
            break;
          case 'suggestions':
            set({ suggestions: { data: await api.listSuggestions({ include: 'open' }), error: null } });
            break;
          case 'activity':
            set({ activity: { data: await api.listActivity({ limit: 50 }), error: null } });
            break;
          case 'grants':
            set({ grants: { data: await api.listGrants(), error: null } });
            break;
          case 'rules':
            set({ rules: { data: await api.listRules(), error: null } });
            break;
          case 'interruptions':
            set({ interruptions: { data: await api.listInterruptions({ limit: 50 }), error: null } });
            break;
          case 'config':
            set({ config: { data: await api.getConfig(), error: null } });
            break;
          case 'ledger': {
            const { filter, data } = get().ledger;
            const newest = data?.[0];
            if (!ledgerReload && newest) {
              // New entries only: the older pages the user scrolled through stay as they are.
              const newer = await api.listLedger({ limit: LEDGER_OLDER_PAGE, afterSeq: newest.seq, ...filter });
              if (get().ledger.filter !== filter) break;
              if (newer.length < LEDGER_OLDER_PAGE) {
                const loaded = get().ledger.data ?? [];
                const top = loaded[0]?.seq ?? 0;
                const fresh = newer.filter((entry) => entry.seq > top).reverse();
                if (fresh.length > 0) set({ ledger: { ...get().ledger, data: [...fresh, ...loaded], error: null } });
                break;
              }
            }
            ledgerReload = false;
            const entries = await api.listLedger({ limit: LEDGER_PAGE, ...filter });
            // A newer filter was chosen while this page loaded: its own refresh brings its rows.
            if (get().ledger.filter !== filter) break;
            set({ ledger: { ...get().ledger, data: entries, error: null, hasMore: entries.length === LEDGER_PAGE } });
            break;
          }
        }
      } catch (error) {
        const message = errorMessage(error);
        set((state) => ({ [slice]: { ...state[slice], error: message } }));
      }
    };

    /** Refetches a slice; calls that arrive while one runs are folded into one more fetch. */
    const refresh = (slice: Slice): Promise<void> => {
      const running = inFlight.get(slice);
      if (running) {
        again.add(slice);
        return running;
      }
      const run = (async () => {
        do {
          again.delete(slice);
          await fetchSlice(slice);
        } while (again.has(slice));
        inFlight.delete(slice);
      })();
      inFlight.set(slice, run);
      return run;
    };

    /**
     * The ledger loads its first page afresh on (re)connecting, since a restored database may have
     * another history; between those, an appended entry only brings what is newer.
     */
    let ledgerReload = true;
    const refreshAll = () => {
      ledgerReload = true;
      return Promise.all(watched.map(refresh));
    };

    const announce = (text: string) => {
      announcementId += 1;
      set({ announcement: { id: announcementId, text } });
    };

    /**
     * Cards approved here keep the suggestion as it was then; one whose message waits in the
     * outbox (or is being sent) is refetched when something changed, so it shows the countdown
     * ending and what happened.
     */
    const refreshSettledCards = () => {
      for (const [id, card] of Object.entries(get().cards)) {
        if (card.kind !== 'settled' || !card.suggestion.actions.some((a) => a.status === 'scheduled' || a.status === 'held' || a.status === 'approved' || a.status === 'running')) continue;
        void api.getSuggestion({ id }).then(
          (suggestion) => {
            const current = get().cards[id];
            if (current?.kind === 'settled') patchRecord('cards', id, { ...current, suggestion });
          },
          () => undefined,
        );
      }
    };

    const onEvent = (event: EngineEvent) => {
      for (const slice of STALE_AFTER[event.type]) {
        if (watched.includes(slice)) void refresh(slice);
      }
      if (event.type === 'suggestions.changed' || event.type === 'activity.changed') refreshSettledCards();
      if (event.type === 'suggestion.created' && watched.includes('suggestions')) {
        const urgent = event.suggestion.urgency === 'high' ? 'Urgent suggestion' : 'New suggestion';
        announce(`${urgent}: ${event.suggestion.title}`);
      }
    };

    const actions: StewardActions = {
      start() {
        link.start({
          onState(state) {
            const wasOpen = get().link.kind === 'open';
            set({ link: state });
            if (state.kind === 'open' && !wasOpen) void refreshAll();
          },
          onEvent,
        });
      },

      refresh,

      retryConnection: () => link.retryNow(),

      async approve(id, options = {}) {
        const list = get().suggestions.data ?? [];
        const position = list.findIndex((s) => s.id === id);
        const suggestion = list[position];
        if (!suggestion) return;
        patchRecord('cards', id, { kind: 'approving' });
        try {
          const outcome = await api.approveSuggestion({
            id,
            revision: suggestion.revision,
            ...(options.send === undefined ? {} : { send: options.send }),
            ...(options.always ? { always: true } : {}),
          });
          patchRecord('cards', id, { kind: 'settled', suggestion: outcome, position });
          const queued = outcome.actions.find((a) => a.status === 'scheduled');
          announce(
            (queued
              ? `Queued to send: ${suggestion.title}. You can undo it until it leaves.`
              : outcome.actions.some((a) => a.status === 'held')
                ? `Waiting: ${suggestion.title}. Steward is paused; it runs when you resume.`
                : outcome.status === 'done'
                ? `Done: ${suggestion.title}`
                : `Could not finish: ${suggestion.title}`) + (options.always ? ' Made a rule: plans like this run without asking (Settings → Rules).' : ''),
          );
          if (options.always) void refresh('rules');
        } catch (error) {
          const message = errorMessage(error);
          patchRecord('cards', id, { kind: 'failed', op: 'approve', message });
          announce(`Could not approve ${suggestion.title}: ${message}`);
        }
        void refresh('suggestions');
        void refresh('activity');
        void refresh('status');
      },

      async editMessage(id, revision, body) {
        const edited = await api.editSuggestion({ id, revision, body });
        set((state) => ({
          suggestions: { ...state.suggestions, data: (state.suggestions.data ?? []).map((s) => (s.id === id ? edited : s)) },
        }));
        announce(`Saved your changes to ${edited.title}`);
        void refresh('suggestions');
      },

      async dismiss(id) {
        const suggestion = get().suggestions.data?.find((s) => s.id === id);
        if (!suggestion) return;
        patchRecord('cards', id, { kind: 'dismissing' });
        try {
          await api.dismissSuggestion({ id });
          // Drop it from the list now rather than waiting for the refetch: the user's focus
          // moves on to the next card at once.
          set((state) => ({
            suggestions: { ...state.suggestions, data: (state.suggestions.data ?? []).filter((s) => s.id !== id) },
          }));
          patchRecord('cards', id, undefined);
          announce(`Dismissed: ${suggestion.title}`);
        } catch (error) {
          patchRecord('cards', id, { kind: 'failed', op: 'dismiss', message: errorMessage(error) });
        }
        void refresh('suggestions');
        void refresh('status');
      },

      acknowledge(id) {
        patchRecord('cards', id, undefined);
      },

      async undo(id) {
        patchRecord('undos', id, { busy: true, error: null });
        try {
          const undone = await api.undo({ id });
          patchRecord('undos', id, undefined);
          const recalled = undone.length > 0 && undone.every((a) => a.status === 'cancelled');
          announce(
            recalled
              ? undone.some((a) => a.capability === 'email.send')
                ? `Recalled: ${undone[0]?.title ?? 'the message'}. Nothing was sent.`
                : `Cancelled: ${undone[0]?.title ?? 'the step'}. It never ran.`
              : undone.length === 1
                ? `Undone: ${undone[0]?.title ?? 'the action'}`
                : `Undid ${undone.length} actions`,
          );
          // A settled card whose actions were undone now shows that.
          const cards = get().cards;
          for (const [cardId, card] of Object.entries(cards)) {
            if (card.kind !== 'settled') continue;
            const touched = card.suggestion.actions.some((a) => undone.some((u) => u.id === a.id));
            if (!touched) continue;
            const actionsAfter = card.suggestion.actions.map((a) => undone.find((u) => u.id === a.id) ?? a);
            patchRecord('cards', cardId, { ...card, suggestion: { ...card.suggestion, status: recalled ? 'cancelled' : 'undone', actions: actionsAfter } });
          }
        } catch (error) {
          patchRecord('undos', id, { busy: false, error: errorMessage(error) });
        }
        void refresh('activity');
        void refresh('suggestions');
      },

      async setPaused(paused) {
        set({ pauseChange: { busy: true, error: null } });
        try {
          const status = paused ? await api.pause({}) : await api.resume();
          set({ status: { data: status, error: null }, pauseChange: IDLE });
          announce(status.paused ? 'Paused. Steward will not act until you resume it.' : 'Resumed. Steward is watching again.');
        } catch (error) {
          set({ pauseChange: { busy: false, error: errorMessage(error) } });
        }
      },

      async setGrant(app, capability, mode, conditions = {}) {
        const key = grantKey(app, capability);
        patchRecord('grantChanges', key, { busy: true, error: null });
        try {
          const grant = await api.setGrant({ app, capability, mode, ...conditions });
          set((state) => ({
            grants: {
              ...state.grants,
              data: (state.grants.data ?? []).map((g) => (g.app === app && g.capability === capability && g.accountId === null ? grant : g)),
            },
          }));
          patchRecord('grantChanges', key, undefined);
          return true;
        } catch (error) {
          patchRecord('grantChanges', key, { busy: false, error: errorMessage(error) });
          return false;
        }
      },

      async setAccountGrant(accountId, app, capability, mode, conditions = {}) {
        const grant = await api.setGrant({ app, capability, mode, accountId, ...conditions });
        announce(`Saved: ${grant.words}`);
        void refresh('grants');
        return grant;
      },

      async clearAccountGrant(accountId, app, capability) {
        const key = grantKey(app, capability, accountId);
        patchRecord('grantChanges', key, { busy: true, error: null });
        try {
          const applies = await api.clearGrant({ app, capability, accountId });
          patchRecord('grantChanges', key, undefined);
          announce(`Removed. Now: ${applies.words}`);
        } catch (error) {
          patchRecord('grantChanges', key, { busy: false, error: errorMessage(error) });
        }
        void refresh('grants');
      },

      async updateRule(id, change) {
        patchRecord('ruleChanges', id, { busy: true, error: null });
        try {
          const rule = await api.updateRule({ id, ...change });
          set((state) => ({ rules: { ...state.rules, data: (state.rules.data ?? []).map((r) => (r.id === id ? rule : r)) } }));
          patchRecord('ruleChanges', id, undefined);
          announce(change.paused === true ? `Paused the rule ${rule.name}` : change.paused === false ? `Resumed the rule ${rule.name}` : `Saved the rule ${rule.name}`);
          return true;
        } catch (error) {
          patchRecord('ruleChanges', id, { busy: false, error: errorMessage(error) });
          return false;
        }
      },

      async deleteRule(id) {
        patchRecord('ruleChanges', id, { busy: true, error: null });
        try {
          const rule = await api.deleteRule({ id });
          set((state) => ({ rules: { ...state.rules, data: (state.rules.data ?? []).filter((r) => r.id !== id) } }));
          patchRecord('ruleChanges', id, undefined);
          announce(`Deleted the rule ${rule.name}. What it matched asks again.`);
          return true;
        } catch (error) {
          patchRecord('ruleChanges', id, { busy: false, error: errorMessage(error) });
          return false;
        }
      },

      testAccount: (input) => api.testAccount(input),

      async addAccount(input) {
        const account = await api.addAccount(input);
        void refresh('accounts');
        void refresh('status');
        return account;
      },

      beginSignIn: (input) => api.beginSignIn(input),

      async completeSignIn(signInId) {
        const account = await api.completeSignIn({ signInId });
        void refresh('accounts');
        void refresh('status');
        return account;
      },

      async cancelSignIn(signInId) {
        await api.cancelSignIn({ signInId });
      },

      async updateAccountPassword(id, password) {
        const account = await api.updateAccountPassword({ id, password });
        void refresh('accounts');
        void refresh('status');
        return account;
      },

      listAccountFolders: (id) => api.listAccountFolders({ id }),

      async updateAccountSettings(id, settings) {
        const account = await api.updateAccountSettings({ id, settings });
        void refresh('accounts');
        void refresh('status');
        return account;
      },

      async removeAccount(id) {
        patchRecord('removals', id, { busy: true, error: null });
        try {
          await api.removeAccount({ id });
          set((state) => ({
            accounts: { ...state.accounts, data: (state.accounts.data ?? []).filter((a) => a.id !== id) },
          }));
          patchRecord('removals', id, undefined);
          void refresh('accounts');
          void refresh('status');
          return true;
        } catch (error) {
          patchRecord('removals', id, { busy: false, error: errorMessage(error) });
          return false;
        }
      },

      async filterLedger(filter) {
        set((state) => ({ ledger: { ...state.ledger, filter, data: null, hasMore: false } }));
        await refresh('ledger');
      },

      async loadOlderLedger() {
        const { data, filter, loadingOlder } = get().ledger;
        const oldest = data?.at(-1);
        if (!oldest || loadingOlder) return;
        set((state) => ({ ledger: { ...state.ledger, loadingOlder: true } }));
        try {
          const older = await api.listLedger({ limit: LEDGER_OLDER_PAGE, beforeSeq: oldest.seq, ...filter });
          // The filter changed while this page loaded: its rows belong to no list shown now.
          if (get().ledger.filter !== filter) {
            set((state) => ({ ledger: { ...state.ledger, loadingOlder: false } }));
            return;
          }
          set((state) => ({
            ledger: {
              ...state.ledger,
              data: [...(state.ledger.data ?? []), ...older],
              hasMore: older.length === LEDGER_OLDER_PAGE,
              loadingOlder: false,
              error: null,
            },
          }));
        } catch (error) {
          set((state) => ({ ledger: { ...state.ledger, loadingOlder: false, error: errorMessage(error) } }));
        }
      },

      async verifyLedger() {
        set((state) => ({ verification: { ...state.verification, checking: true, error: null } }));
        try {
          const result = await api.verifyLedger();
          set({ verification: { checking: false, result, checkedAt: Date.now(), error: null } });
        } catch (error) {
          set((state) => ({ verification: { ...state.verification, checking: false, error: errorMessage(error) } }));
        }
      },

      announce,

      async setConfig(key, value) {
        const entry = await api.setConfig({ key, value });
        set((state) => ({ config: { data: (state.config.data ?? []).map((e) => (e.key === entry.key ? entry : e)), error: null } }));
        return entry;
      },
    };

    return {
      transport: link.transport,
      link: { kind: 'connecting' },
      status: { data: null, error: null },
      accounts: { data: null, error: null },
      suggestions: { data: null, error: null },
      activity: { data: null, error: null },
      grants: { data: null, error: null },
      rules: { data: null, error: null },
      ledger: { data: null, error: null, filter: {}, hasMore: false, loadingOlder: false },
      interruptions: { data: null, error: null },
      config: { data: null, error: null },
      verification: { checking: false, result: null, checkedAt: null, error: null },
      cards: {},
      undos: {},
      grantChanges: {},
      removals: {},
      ruleChanges: {},
      pauseChange: IDLE,
      announcement: null,
      actions,
    };
  });
}
