/**
 * composeEngine: every part of the engine, wired once. The engine, the benchmarks and the tests
 * all build from here, so what they measure and test is what runs.
 */
import type { EngineMode } from '@shared/domain/types.js';
import { AccountService } from './accounts/account-service.js';
import { SignInService } from './accounts/sign-in-service.js';
import { AgentService, type AgentServiceDeps } from './agent/agent-service.js';
import { AccountStore } from './accounts/account-store.js';
import { ConnectionBoard } from './accounts/connection-board.js';
import { ActionRunner } from './actions/action-runner.js';
import { ActionStore } from './actions/action-store.js';
import { OutboxClock } from './actions/outbox.js';
import { OutboxStore } from './actions/outbox-store.js';
import { SqliteStepJournal } from './actions/step-journal.js';
import { createHandlers, type Handlers } from './api/handlers.js';
import type { Clock } from './clock.js';
import { oauthRefreshers } from './connectors/registry.js';
import { CredentialProvider, type OAuthRefresher } from './credentials/credential-provider.js';
import type { Db } from './db/database.js';
import { SettingsStore } from './db/settings.js';
import { detectorById, detectorsFor } from './detectors/registry.js';
import { mailAttachmentsSince } from './detectors/lookups.js';
import { RevisitStore } from './detectors/revisit-store.js';
import { EventBus } from './event-bus.js';
import { MailQueries, type MailItemReader } from './agent/mail/mail-queries.js';
import { databaseFactLookups } from './gate/fact-lookups.js';
import { Gate } from './gate/gate.js';
import { RunLog } from './gate/run-log.js';
import { GrantChanges } from './gate/grant-changes.js';
import { GrantStore } from './gate/grants.js';
import { KillSwitch } from './gate/kill-switch.js';
import { ConfigStore } from './config/config-store.js';
import { effectiveTimeZone } from './agent/time-zone.js';
import { Interruptions } from './interruptions/interruptions.js';
import { CalendarView } from './calendar/calendar-view.js';
import type { EventKindStore } from './items/event/event-kind.js';
import { ItemStore } from './items/item-store.js';
import { createItemStores, type ItemStores } from './items/registry.js';
import type { LedgerAnchorStore } from './ledger/anchor.js';
import { Ledger } from './ledger/ledger.js';
import { Presence } from './presence/presence.js';
import { RuleService } from './rules/rule-service.js';
import { RuleStore } from './rules/rule-store.js';
import { ObservationQueue } from './scheduler/observations.js';
import { Scheduler } from './scheduler/scheduler.js';
import type { SecretStore } from './secrets/secret-store.js';
import { PlanEditor } from './suggestions/plan-editor.js';
import { planProposal } from './suggestions/planner.js';
import { Proposer, type RuleRef } from './suggestions/proposer.js';
import { SuggestionStore } from './suggestions/suggestion-store.js';
import { CursorStore } from './sync/cursor-store.js';
import type { IngestDeps } from './sync/ingest.js';
import { STEWARD_VERSION } from './version.js';
import { FolderService } from './connectors/folders/folder-service.js';
import { rootWordsOf } from './connectors/folders/root-words.js';
import type { FileStore } from './items/file/file-store.js';
import type { MailStore } from './items/mail/mail-store.js';

export interface ComposeOptions {
  readonly db: Db;
  readonly clock: Clock;
  readonly secrets: SecretStore;
  readonly mode: EngineMode;
  /** Connect to accounts and follow them live (false: answer commands only, as the CLI does). */
  readonly watch: boolean;
  /** Refreshers of OAuth sign-ins, by provider; the connectors' own (connectors/registry.ts) unless given. */
  readonly oauth?: Readonly<Record<string, OAuthRefresher>>;
  /** The agent's environment and model, where tests and benchmarks set them. */
  readonly agent?: Partial<Pick<AgentServiceDeps, 'env' | 'model' | 'retry' | 'meetings'>>;
  /** Where the ledger's end is kept outside the database (ledger/anchor.ts); none: not anchored. */
  readonly ledgerAnchor?: LedgerAnchorStore;
  /** Steward's data folder, never granted as a folder to watch (absent: an engine on a temporary database). */
  readonly dataDir?: string;
}

export interface EngineParts {
  readonly db: Db;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly settings: SettingsStore;
  readonly ledger: Ledger;
  readonly killSwitch: KillSwitch;
  readonly grants: GrantStore;
  readonly rules: RuleService;
  readonly gate: Gate;
  readonly credentials: CredentialProvider;
  readonly accounts: AccountStore;
  readonly items: ItemStore;
  readonly stores: ItemStores;
  readonly cursors: CursorStore;
  readonly observations: ObservationQueue;
  /** How watchers' commits reach the database and the scheduler (createItemSink). */
  readonly ingest: IngestDeps;
  readonly actions: ActionStore;
  readonly suggestions: SuggestionStore;
  readonly proposer: Proposer;
  readonly board: ConnectionBoard;
  readonly runner: ActionRunner;
  /** Runs a plan the user allowed in advance (a standing grant or their rule), whoever proposed it. */
  readonly runAllowed: (suggestionId: string, rule: RuleRef | null) => void;
  /** Wakes approved sends when their undo window has passed (started by engines that watch). */
  readonly outboxClock: OutboxClock;
  readonly editor: PlanEditor;
  readonly scheduler: Scheduler;
  readonly accountService: AccountService;
  readonly signIns: SignInService;
  readonly presence: Presence;
  readonly config: ConfigStore;
  readonly interruptions: Interruptions;
  readonly calendar: CalendarView;
  readonly agent: AgentService;
  readonly folders: FolderService;
  readonly handlers: Handlers;
}

export function composeEngine(options: ComposeOptions): EngineParts {
  const { db, clock } = options;
  const events = new EventBus();
  const settings = new SettingsStore(db);
  const ledger = new Ledger(db, settings, clock, events, options.ledgerAnchor ?? null);
  const killSwitch = new KillSwitch(settings, clock);
  // Whoever pauses (a client, the breaker, the shell), every client hears of it.
  killSwitch.onChange(() => events.emit({ type: 'status.changed' }));
  const accounts = new AccountStore(db, clock);
  const grants = new GrantStore(db, clock, () => rootWordsOf(accounts.list()));
  const config = new ConfigStore(settings);
  const items = new ItemStore(db, clock);
  const stores = createItemStores(db, items, { now: () => clock.now(), userZone: () => effectiveTimeZone(config.get('user.timeZone')) });
  const gate = new Gate({
    grants,
    killSwitch,
    ledger,
    clock,
    lookups: databaseFactLookups(db, new MailQueries(db, stores.mail as unknown as MailItemReader)),
    runs: new RunLog(db, settings),
    brake: () => ({ count: config.get('safety.breakerCount'), windowMs: config.get('safety.breakerMinutes') * 60_000 }),
  });
  const credentials = new CredentialProvider(options.secrets, options.oauth ?? oauthRefreshers(), () => clock.now().getTime());
  const cursors = new CursorStore(db, clock);
  const observations = new ObservationQueue(db, clock);
  const actions = new ActionStore(db, clock);
  const suggestions = new SuggestionStore(db, actions, clock);
  config.onChange((key) => events.emit({ type: 'config.changed', key }));
  const presence = new Presence();
  const calendar = new CalendarView({ db, events: (stores.event as EventKindStore).events, accounts, now: () => clock.now(), userZone: () => effectiveTimeZone(config.get('user.timeZone')) });
  // In a meeting, everything below high urgency waits (the policy decides; the calendar says when).
  const interruptions = new Interruptions({ db, clock, config, presence, killSwitch, events, mode: options.mode, inMeeting: () => calendar.inMeetingNow() });
  const ruleStore = new RuleStore(db, clock);
  const rules = new RuleService({ db, rules: ruleStore, suggestions, actions, ledger, events });
  const proposer = new Proposer(db, suggestions, actions, gate, events, interruptions, rules);
  const board = new ConnectionBoard(() => {
    events.emit({ type: 'accounts.changed' });
    events.emit({ type: 'status.changed' });
  });

  const outbox = new OutboxStore(db, clock);
  const journal = new SqliteStepJournal(db, clock);
  const editor = new PlanEditor({ db, suggestions, actions, accounts, gate, ledger, events, journal });

  // The runner and the account service need each other (a step that moved mail asks for a
  // sync; a sync can propose a plan the user allowed in advance), so they meet through closures;
  // so do the runner and the outbox clock.
  let accountService: AccountService | null = null;
  let outboxClock: OutboxClock | null = null;
  // The scheduler's lookups reach the folders, which need the ingest the scheduler wakes.
  let folders: FolderService | null = null;
  const runner = new ActionRunner({
    actions,
    suggestions,
    accounts,
    credentials,
    gate,
    killSwitch,
    ledger,
    events,
    clock,
    onAccountChanged: (accountId) => accountService?.syncNow(accountId),
    outbox,
    onOutboxChanged: () => outboxClock?.arm(),
    undoWindowMs: () => config.get('mail.undoSendSeconds') * 1000,
    journal,
    db,
    chooseDelivery: (suggestionId, send, actor) => editor.chooseDelivery(suggestionId, send, actor),
    ruleName: (ruleId) => ruleStore.get(ruleId)?.name ?? null,
  });
  outboxClock = new OutboxClock({
    store: outbox,
    clock,
    killSwitch,
    sendDue: (actionId) => runner.sendDue(actionId),
    hold: (pausedAt) => runner.onPaused(pausedAt),
    release: () => runner.onResumed(),
  });
  // A plan the user allowed in advance runs the same way whoever proposed it: a detector or the agent.
  const runAllowed = (id: string, rule: RuleRef | null): void => {
    if (rule) rules.noteUse(rule.id);
    runner.runAllowed(id, rule).catch((error: unknown) => console.error('[steward] an allowed plan failed to run:', error));
  };
  const scheduler = new Scheduler({
    clock,
    accounts,
    items,
    stores,
    observations,
    suggestions,
    proposer,
    detectorsFor,
    detectorById,
    plan: planProposal,
    revisits: new RevisitStore(db),
    lookups: {
      mailAttachmentsSince: (since) => mailAttachmentsSince(stores.mail as MailStore, since),
      workFolders: (since, until) => folders?.workFolders(since, until) ?? [],
      filesNamed: (words) => folders?.filesNamed(words) ?? [],
      threadMessages: (accountId, threadKey) => (stores.mail as MailStore).threadMessages(accountId, threadKey),
    },
    config: (key) => config.get(key),
    runAllowed,
  });
  const agent = new AgentService({
    db,
    clock,
    events,
    secrets: options.secrets,
    config,
    ledger,
    gate,
    grants,
    killSwitch,
    presence,
    accounts,
    stores,
    suggestions,
    proposer,
    runAllowed,
    interruptions,
    mode: options.mode,
    meetings: calendar.meetingSource(),
    calendar,
    ...options.agent,
  });
  const ingest: IngestDeps = {
    db,
    accounts,
    items,
    cursors,
    observations,
    onQueued: () => {
      scheduler.wake();
      agent.observationsQueued();
    },
  };
  accountService = new AccountService({
    accounts,
    credentials,
    board,
    grants,
    cursors,
    stores,
    ingest,
    ledger,
    events,
    clock,
    presence,
    watch: options.watch,
  });
  const signIns = new SignInService({ accounts: accountService });
  folders = new FolderService({
    db,
    clock,
    accounts,
    accountService,
    ingest,
    fileStore: stores.file as FileStore,
    dataDir: options.dataDir ?? null,
    watching: options.watch,
  });
  // Sockets opened before a sleep are usually dead without knowing it: reconnect on wake.
  presence.onReport((report) => {
    if (report === 'resumed' || report === 'unlocked') accountService.reconnectAll();
  });
  const handlers = createHandlers({
    accounts: accountService,
    signIns,
    runner,
    suggestions,
    editor,
    actions,
    grants,
    grantChanges: new GrantChanges(db, grants, ledger, events, clock),
    rules,
    killSwitch,
    ledger,
    cursors,
    presence,
    config,
    interruptions,
    events,
    version: STEWARD_VERSION,
    mode: options.mode,
    agent,
    calendar,
    folders,
  });
  return {
    db,
    clock,
    events,
    settings,
    ledger,
    killSwitch,
    grants,
    rules,
    gate,
    credentials,
    accounts,
    items,
    stores,
    cursors,
    observations,
    ingest,
    actions,
    suggestions,
    proposer,
    board,
    runner,
    runAllowed,
    outboxClock,
    editor,
    scheduler,
    accountService,
    signIns,
    presence,
    config,
    interruptions,
    calendar,
    agent,
    folders,
    handlers,
  };
}
