/**
 * The engine API, method by method, over the engine's services. Inputs arrive parsed (see
 * dispatch.ts); `actor` says who asked, for the ledger.
 */
import type { ApiMethod, EngineApi } from '@shared/api/contract.js';
import type { ParsedInputs } from '@shared/api/inputs.js';
import type { EngineMode, EngineStatus } from '@shared/domain/types.js';
import type { RuleService } from '../rules/rule-service.js';
import type { AccountService } from '../accounts/account-service.js';
import type { SignInService } from '../accounts/sign-in-service.js';
import type { ActionRunner } from '../actions/action-runner.js';
import { toAction, type ActionStore } from '../actions/action-store.js';
import type { EventBus } from '../event-bus.js';
import type { GrantChanges } from '../gate/grant-changes.js';
import type { GrantStore } from '../gate/grants.js';
import type { KillSwitch } from '../gate/kill-switch.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Presence } from '../presence/presence.js';
import type { ConfigStore } from '../config/config-store.js';
import type { Interruptions } from '../interruptions/interruptions.js';
import type { CursorStore } from '../sync/cursor-store.js';
import type { PlanEditor } from '../suggestions/plan-editor.js';
import type { SuggestionStore } from '../suggestions/suggestion-store.js';
import { ApiError } from '@shared/api/errors.js';
import { CAPABILITIES } from '@shared/domain/capabilities.js';
import { resolveId } from '../resolve-id.js';
import type { CalendarView } from '../calendar/calendar-view.js';
import type { AgentService } from '../agent/agent-service.js';
import { createAgentHandlers } from '../agent/api-handlers.js';
import { createFolderHandlers } from '../connectors/folders/api-handlers.js';
import type { FolderService } from '../connectors/folders/folder-service.js';

export interface EngineServices {
  readonly accounts: AccountService;
  readonly signIns: SignInService;
  readonly runner: ActionRunner;
  readonly suggestions: SuggestionStore;
  /** The user's changes to a plan before it runs (the message's text). */
  readonly editor: PlanEditor;
  readonly actions: ActionStore;
  readonly grants: GrantStore;
  /** Grant changes with their ledger entries, in one transaction each. */
  readonly grantChanges: GrantChanges;
  /** Rules made with "Always do this". */
  readonly rules: RuleService;
  readonly killSwitch: KillSwitch;
  readonly ledger: Ledger;
  readonly cursors: CursorStore;
  readonly presence: Presence;
  readonly config: ConfigStore;
  readonly interruptions: Interruptions;
  readonly events: EventBus;
  readonly version: string;
  readonly mode: EngineMode;
  readonly agent: AgentService;
  readonly calendar: CalendarView;
  /** The granted folders and what the user is working on in them. */
  readonly folders: FolderService;
  /** What editing a draft step before approval needs. */
}

export type Handlers = {
  [K in ApiMethod]: (input: ParsedInputs[K], actor: string) => ReturnType<EngineApi[K]>;
};

export function createHandlers(s: EngineServices): Handlers {
  const status = (): EngineStatus => {
    const pause = s.killSwitch.current;
    return {
      paused: pause.paused,
      pausedAt: pause.at,
      pausedBy: pause.by,
      pausedReason: pause.reason,
      accounts: s.accounts.list().map((a) => ({ id: a.id, email: a.email, connection: a.connection })),
      pendingSuggestions: s.suggestions.countPending(),
      heldSteps: s.actions.countHeld(),
      lastSyncAt: s.cursors.lastSyncAt(),
      version: s.version,
      mode: s.mode,
      presence: s.presence.current,
      agent: s.agent.status(),
      day: s.calendar.dayStatus(),
    };
  };

  return {
    ...createAgentHandlers(s.agent),
    ...createFolderHandlers(s.folders),
    getStatus: async () => status(),
    listAccounts: async () => s.accounts.list(),
    listSuggestions: async (input) => s.suggestions.list(input.include),
    getSuggestion: async (input) => {
      const full = resolveId(input.id, (prefix) => s.suggestions.idsStartingWith(prefix), 'suggestion');
      const found = full ? s.suggestions.get(full) : undefined;
      if (!found) throw new ApiError('not_found', `No suggestion with id "${input.id}". See \`steward suggestions\`.`);
      return found;
    },
    listActivity: async (input) => s.actions.listActivity(input.limit).map(toAction),
    listGrants: async () => s.grants.list(),
    listLedger: async (input) => s.ledger.list(input),
    listEvents: async (input) => s.calendar.upcoming(input.days),
    listInterruptions: async (input) => s.interruptions.recent(input.limit),
    getConfig: async () => s.config.list(),
    setConfig: async (input, actor) => {
      const entry = s.config.set(input.key, input.value);
      s.ledger.append({ kind: 'config.changed', actor, summary: `${entry.key} set to ${JSON.stringify(entry.value)}`, detail: { key: entry.key, value: entry.value } });
      return entry;
    },
    verifyLedger: async () => s.ledger.verify(),
    acceptLedger: async (_input, actor) => s.ledger.accept(actor),

    pause: async (input, actor) => {
      if (s.killSwitch.pause(actor, input.reason ?? null)) {
        s.ledger.append({ kind: 'engine.paused', actor, summary: input.reason ? `Paused: ${input.reason}` : 'Paused', detail: {} });
        s.events.emit({ type: 'status.changed' });
      }
      return status();
    },
    resume: async (_input, actor) => {
      if (s.killSwitch.resume()) {
        s.ledger.append({ kind: 'engine.resumed', actor, summary: 'Resumed' });
        s.events.emit({ type: 'status.changed' });
      }
      return status();
    },
    reportPresence: async (input) => {
      if (s.presence.report(input.state)) s.events.emit({ type: 'status.changed' });
      return status();
    },
    testAccount: async (input) => s.accounts.test(input),
    addAccount: async (input, actor) => s.accounts.add(input, actor),
    beginSignIn: async (input, actor) => s.signIns.begin(input, actor),
    completeSignIn: async (input) => s.signIns.complete(input.signInId),
    cancelSignIn: async (input) => s.signIns.cancel(input.signInId),
    removeAccount: async (input, actor) => s.accounts.remove(input.id, actor),
    updateAccountPassword: async (input, actor) => s.accounts.updatePassword(input.id, input.password, actor),
    updateAccountSettings: async (input, actor) => s.accounts.updateSettings(input.id, input.settings, actor),
    listAccountFolders: async (input) => s.accounts.listFolders(input.id),
    approveSuggestion: async (input, actor) => {
      // "Always do this": a plan no rule could hold on to is refused before anything runs.
      if (input.always === true) s.rules.ruleFor(resolveSuggestion(input.id));
      const approved = await s.runner.approve(input.id, input.revision, actor, input.send === undefined ? {} : { send: input.send });
      if (input.always === true) s.rules.createFromSuggestion(approved.id, actor);
      return approved;
    },
    editSuggestion: async (input, actor) => s.editor.edit(input.id, input.revision, input.body, actor),
    dismissSuggestion: async (input, actor) => s.runner.dismiss(input.id, actor),
    undo: async (input, actor) => s.runner.undo(input.id, actor),
    setGrant: async (input, actor) => {
      const { grant, changed } = s.grantChanges.set({ ...input, accountId: input.accountId ?? null, confirmed: input.confirm === true }, actor);
      // Watching is reading: a read grant starts or stops that app's watchers.
      if (changed && CAPABILITIES[input.capability].risk === 'read') await s.accounts.applyReadGrants();
      return grant;
    },
    clearGrant: async (input, actor) => {
      const { grant, changed } = s.grantChanges.clear(input.app, input.accountId, input.capability, actor);
      if (changed && CAPABILITIES[input.capability].risk === 'read') await s.accounts.applyReadGrants();
      return grant;
    },
    listRules: async () => s.rules.list(),
    createRule: async (input, actor) => s.rules.createFromSuggestion(resolveSuggestion(input.suggestionId), actor, input.name),
    updateRule: async (input, actor) => {
      const { id, ...edit } = input;
      return s.rules.edit(id, edit, actor);
    },
    deleteRule: async (input, actor) => s.rules.delete(input.id, actor),
  };

  function resolveSuggestion(id: string): string {
    const full = resolveId(id, (prefix) => s.suggestions.idsStartingWith(prefix), 'suggestion');
    if (!full) throw new ApiError('not_found', `No suggestion with id "${id}". See \`steward suggestions --all\`.`);
    return full;
  }
}
