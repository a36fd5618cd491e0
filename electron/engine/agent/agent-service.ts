/**
 * The agent in the engine: its settings, the model client, runs and budget, durable jobs and the
 * runner, the planner that turns what happens into jobs, memory of preferences, and what the API
 * shows of it. composeEngine builds one; startEngine starts it when the engine watches accounts
 * (the CLI's in-process engine only answers questions about it).
 */
import { release } from 'node:os';
import { ApiError } from '@shared/api/errors.js';
import { readCapabilityOf } from '@shared/domain/capabilities.js';
import type { AgentRunView, AgentStatus, ModelSettingsView, Preference } from '@shared/domain/agent.js';
import type { EngineMode, PresenceState } from '@shared/domain/types.js';
import type { AccountStore, StoredAccount } from '../accounts/account-store.js';
import type { Clock } from '../clock.js';
import type { ConfigStore } from '../config/config-store.js';
import type { Db } from '../db/database.js';
import type { EventBus } from '../event-bus.js';
import { parseActor } from '../gate/facts.js';
import type { Gate } from '../gate/gate.js';
import type { GrantStore } from '../gate/grants.js';
import type { KillSwitch } from '../gate/kill-switch.js';
import type { Interruptions } from '../interruptions/interruptions.js';
import type { MailItem } from '../items/mail/mail-item.js';
import type { ItemStores } from '../items/registry.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Presence } from '../presence/presence.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { planProposal } from '../suggestions/planner.js';
import type { Proposer, RuleRef } from '../suggestions/proposer.js';
import type { SuggestionStore } from '../suggestions/suggestion-store.js';
import { dailyBudgetState, startOfDayIn } from './budget.js';
import { DailyBudgetGuard } from './budget-guard.js';
import { EngineToolBroker, type PlannedProposal } from './broker/engine-broker.js';
import type { CalendarReader } from './broker/calendar-read-tools.js';
import { createReadToolProviders } from './broker/read-tools.js';
import { createWritePlanners } from './broker/write-plans.js';
import { CursorStore } from './jobs/cursors.js';
import type { AgentRuntime, ReadPermission } from './jobs/job-handler.js';
import { JobPlanner } from './jobs/job-planner.js';
import { JobRunner } from './jobs/job-runner.js';
import { JobStore } from './jobs/job-store.js';
import { JOB_HANDLERS } from './jobs/kinds/index.js';
import type { MeetingSource, UpcomingMeeting } from './jobs/meetings.js';
import { TriageStore } from './jobs/triage-store.js';
import { MailQueries } from './mail/mail-queries.js';
import { PreferenceLearning } from './memory/preference-learning.js';
import { PreferenceStore } from './memory/preference-store.js';
import type { ModelCaller } from './model-caller.js';
import { ModelSettingsStore } from './model-settings-store.js';
import type { ModelEnvironment } from './model-settings.js';
import { describeOperatingSystem, type EnvironmentFacts } from './prompt/environment-facts.js';
import { AgentProposer } from './proposals/agent-proposer.js';
import type { RetryPolicy } from './retry-policy.js';
import { runAgentJob } from './run-loop.js';
import { RunStore, type AgentRun } from './run-store.js';
import { effectiveTimeZone } from './time-zone.js';
import type { Places } from '../gate/grant-match.js';

export interface AgentServiceDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly secrets: SecretStore;
  readonly config: ConfigStore;
  readonly ledger: Ledger;
  readonly gate: Gate;
  readonly grants: GrantStore;
  readonly killSwitch: KillSwitch;
  readonly presence: Presence;
  readonly accounts: AccountStore;
  readonly stores: ItemStores;
  readonly suggestions: SuggestionStore;
  readonly proposer: Proposer;
  /** Runs a plan the user allowed in advance (a standing grant or their rule), as for a detector's. */
  readonly runAllowed: (suggestionId: string, rule: RuleRef | null) => void;
  readonly interruptions: Interruptions;
  readonly mode: EngineMode;
  /** Where ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL are read (the process's environment). */
  readonly env?: ModelEnvironment;
  /** A model other than the Anthropic client (benchmarks); tests point the real one at a stand-in instead. */
  readonly model?: ModelCaller;
  readonly retry?: RetryPolicy;
  /** A calendar's meetings, when one is connected (the calendar connector's hook). */
  readonly meetings?: MeetingSource | null;
  /** The user's calendars, for the calendar read tools (the calendar view). */
  readonly calendar?: CalendarReader | null;
}

/** The planner looks around this often (routines, meetings); the heartbeat beats at its own setting. */
const TICK_MS = 5 * 60_000;
/**
 * New mail settles this long before triage is planned: commits that land together (a sync's
 * mailboxes) make one batch. Short, because the user waits on it: a later commit simply makes
 * the next batch.
 */
const SETTLE_MS = 25;
const AWAY: readonly PresenceState[] = ['idle', 'locked', 'suspended'];

export class AgentService {
  readonly settings: ModelSettingsStore;
  readonly runs: RunStore;
  readonly jobs: JobStore;
  readonly preferences: PreferenceStore;
  readonly triage: TriageStore;
  readonly cursors: CursorStore;
  readonly planner: JobPlanner;
  readonly runner: JobRunner;
  private readonly learning: PreferenceLearning;
  private readonly budget: DailyBudgetGuard;
  private readonly model: ModelCaller;
  private readonly mail: MailQueries;
  private readonly mailItems: { getMany(ids: readonly string[]): MailItem[] };
  private readonly runtime: AgentRuntime;
  private meetings: MeetingSource | null;
  private readonly unsubscribers: (() => void)[] = [];
  private tickTimer: NodeJS.Timeout | null = null;
  private settleTimer: NodeJS.Timeout | null = null;
  private lastBeat = 0;
  private awaySince: Date | null = null;
  private started = false;
  private keySet: boolean | null = null;
  /** Why the key could not be read (no keychain, a locked one), in words; null when it could. */
  private keyProblem: string | null = null;

  constructor(private readonly deps: AgentServiceDeps) {
    const { db, clock } = deps;
    this.settings = new ModelSettingsStore(deps.config, deps.secrets, deps.env ?? process.env);
    this.runs = new RunStore(db, clock);
    this.jobs = new JobStore(db, clock);
    this.preferences = new PreferenceStore(db, clock);
    this.triage = new TriageStore(db, clock);
    this.cursors = new CursorStore(db, clock);
    this.meetings = deps.meetings ?? null;
    const mailStore = deps.stores.mail as unknown as { getMany(ids: readonly string[]): MailItem[] } | undefined;
    if (!mailStore) throw new Error('The agent needs the mail item store.');
    this.mailItems = mailStore;
    this.mail = new MailQueries(db, mailStore);
    this.model = deps.model ?? lazyModelClient(this.settings, deps.retry);
    this.budget = new DailyBudgetGuard(this.runs, () => this.settings.dailyTokenBudget(), () => this.timeZone(), clock);
    const proposals = new AgentProposer({ db, proposer: deps.proposer, suggestions: deps.suggestions, triage: this.triage, runAllowed: deps.runAllowed });
    const readTools = createReadToolProviders({ mail: this.mail, db, now: () => clock.now(), calendar: deps.calendar ?? null });
    const writePlanners = createWritePlanners({ mail: this.mail, db, now: () => clock.now(), timeZone: () => this.timeZone() });

    // The runtime reads the service's current meeting source (it can be set after start).
    const meetings = (): MeetingSource | null => this.meetings;
    this.runtime = {
      clock,
      accounts: deps.accounts,
      mail: this.mail,
      mailItems: mailStore,
      triage: this.triage,
      preferences: this.preferences,
      suggestions: deps.suggestions,
      proposals,
      jobs: this.jobs,
      cursors: this.cursors,
      runs: this.runs,
      interruptions: deps.interruptions,
      get meetings() {
        return meetings();
      },
      timeZone: () => this.timeZone(),
      mayRead: (account, what, actor, places) => this.mayRead(account, what, actor, places),
      readWithin: (account, what, actor, places) => this.readWithin(account, what, actor, places),
      run: async (job, jobId, signal) => {
        // A proposal goes to the user as soon as the model makes it, with the run's provenance.
        const propose = (planned: PlannedProposal) =>
          proposals.proposeStep(planned, { runId: planned.step.runId, job: job.profile.kind, model: this.runs.get(planned.step.runId)?.model ?? null });
        const broker = new EngineToolBroker({ accounts: deps.accounts, gate: deps.gate, grants: deps.grants, ledger: deps.ledger, readTools, writePlanners, plan: planProposal }, jobId, propose);
        const result = await runAgentJob(job, { model: this.model, broker, runs: this.runs, budget: this.budget, environment: this.environment() }, signal);
        return { result, proposed: broker.proposed };
      },
    };

    this.planner = new JobPlanner({
      db,
      clock,
      config: deps.config,
      accounts: deps.accounts,
      mailItems: mailStore,
      triage: this.triage,
      jobs: this.jobs,
      cursors: this.cursors,
      timeZone: () => this.timeZone(),
      modelEnabled: () => this.modelEnabled(),
      meetings: () => this.meetings,
      onQueued: () => {
        this.runner.wake();
        this.changed();
      },
    });
    this.runner = new JobRunner({
      jobs: this.jobs,
      handlers: JOB_HANDLERS,
      runtime: this.runtime,
      killSwitch: deps.killSwitch,
      budget: this.budget,
      clock,
      userActive: () => this.userActive(),
      onChange: () => this.changed(),
    });
    this.learning = new PreferenceLearning({ db, events: deps.events, suggestions: deps.suggestions, mail: mailStore, preferences: this.preferences, cursors: this.cursors });
  }

  /** Picks up where the last process left off, then follows what happens. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const { killSwitch, presence, config, events } = this.deps;
    this.runs.markInterrupted();
    this.jobs.recoverInterrupted();
    this.learning.start();
    this.unsubscribers.push(
      killSwitch.onChange((state) => {
        if (!state.paused) {
          this.jobs.release('paused');
          this.runner.wake();
        }
      }),
      this.settings.onChange(() => {
        this.jobs.release('settings');
        void this.refreshKey().then(() => this.tick());
      }),
      config.onChange((key) => {
        if (key === 'budget.dailyTokens') this.jobs.release('budget');
        if (key === 'presence.host' && this.deps.mode === 'host') this.presenceChanged(config.get('presence.host') === 'away' ? 'idle' : 'active');
        if (key === 'routines.morningBrief' || key === 'user.timeZone') this.scheduleTick();
        this.runner.wake();
      }),
      presence.onReport((report, state) => {
        this.presenceChanged(state);
        // Awake again: a routine slot may have passed while asleep.
        if (report === 'resumed' || report === 'unlocked') void this.tick();
      }),
      this.preferences.onChange(() => events.emit({ type: 'status.changed' })),
    );
    this.runner.start();
    void this.refreshKey().then(() => this.tick());
  }

  async stop(): Promise<void> {
    this.started = false;
    this.stopping = true;
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    this.learning.stop();
    if (this.tickTimer) clearTimeout(this.tickTimer);
    if (this.settleTimer) clearTimeout(this.settleTimer);
    await this.runner.stop();
    // Planning reads the database: let what started finish before the engine closes it.
    await Promise.allSettled([...this.planning]);
  }

  /** Set by stop(): nothing plans any more (the engine is about to close the database). */
  private stopping = false;

  /** Plans in flight, so that stop() can wait for them. */
  private readonly planning = new Set<Promise<unknown>>();

  private track<T>(work: Promise<T>): Promise<T> {
    this.planning.add(work);
    void work.finally(() => this.planning.delete(work)).catch(() => undefined);
    return work;
  }

  /** Observations were queued (a sync committed): plan triage shortly. */
  observationsQueued(): void {
    if (!this.started || this.settleTimer) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      if (!this.started) return;
      void this.track(this.planner.planObservations()).catch((error: unknown) => console.error('[steward] the agent could not plan its jobs:', error));
    }, SETTLE_MS);
  }

  /**
   * Everything time-driven, now: new observations, the heartbeat (when due), routines, meetings.
   * The timer calls it; so do wake-ups, tests and the idle-day benchmark.
   */
  async tick(): Promise<void> {
    // A tick that fires once the engine is stopping (the key was still being read) does nothing.
    if (this.stopping) return;
    try {
      await this.track(this.planner.planObservations());
      const every = this.deps.config.get('agent.reviewEveryMinutes') * 60_000;
      const now = this.deps.clock.now().getTime();
      if (every > 0 && now - this.lastBeat >= every) {
        this.lastBeat = now;
        await this.planner.heartbeat();
      }
      await this.planner.routines();
      await this.planner.meetings();
    } catch (error) {
      console.error('[steward] the agent could not plan its jobs:', error);
    } finally {
      this.runner.wake();
      this.scheduleTick();
    }
  }

  /** The calendar connector's hook: its meetings, from now on. */
  setMeetingSource(source: MeetingSource | null): void {
    this.meetings = source;
    if (source) void this.tick();
  }

  /** The calendar's trigger hook: a brief for this meeting, once. */
  prepareMeeting(meeting: UpcomingMeeting): boolean {
    const queued = this.planner.prepare(meeting);
    if (queued) this.runner.wake();
    return queued;
  }

  /** The agent at a glance (synchronous: getStatus answers at once, and never reads a secret). */
  status(): AgentStatus {
    const now = this.deps.clock.now();
    const zone = this.timeZone();
    const spend = this.runs.spendSince(startOfDayIn(zone, now));
    const budget = dailyBudgetState({ budgetTokens: this.settings.dailyTokenBudget(), spentTokens: spend.tokens, spentUsd: spend.costUsd, now, timeZone: zone });
    const waiting = this.jobs.waiting();
    const keySet = this.keySet;
    const problem = this.problemWords(keySet, budget.exhausted, budget.resetsAt, this.deps.killSwitch.paused, waiting.queued);
    const state: AgentStatus['state'] =
      keySet === false ? 'off' : this.runner.running ? 'working' : waiting.queued === 0 ? 'idle' : problem ? 'waiting' : 'working';
    return {
      keySet,
      state,
      today: { tokens: budget.spentTokens, budgetTokens: budget.budgetTokens, costUsd: budget.spentUsd, calls: spend.calls, exhausted: budget.exhausted, resetsAt: budget.resetsAt },
      jobsQueued: waiting.queued,
      problem,
    };
  }

  async modelSettings(): Promise<ModelSettingsView> {
    const resolved = await this.settings.resolve();
    this.keySet = resolved.apiKey !== null;
    this.keyProblem = null;
    return {
      apiKey: { set: resolved.apiKey !== null, source: resolved.apiKey?.source ?? null },
      triageModel: resolved.models.triage,
      writingModel: resolved.models.writing,
      baseUrl: resolved.baseUrl,
      dailyTokens: resolved.dailyTokenBudget,
      status: this.status(),
    };
  }

  /** Saves or removes the key (secret store only) and records that it changed, never the key. */
  async setApiKey(apiKey: string | null, actor: string): Promise<ModelSettingsView> {
    await this.settings.setApiKey(apiKey);
    this.deps.ledger.append({
      kind: 'config.changed',
      actor,
      summary: apiKey === null ? 'model.apiKey removed' : 'model.apiKey set (kept in the secret store)',
      detail: { key: 'model.apiKey', set: apiKey !== null },
    });
    this.deps.events.emit({ type: 'config.changed', key: 'model.apiKey' });
    return this.modelSettings();
  }

  listRuns(query: { readonly limit: number; readonly before?: string | undefined; readonly job?: string | undefined }): AgentRunView[] {
    const job = query.job && query.job in JOB_HANDLERS ? (query.job as keyof typeof JOB_HANDLERS) : undefined;
    if (query.job && !job) throw new ApiError('invalid_input', `There is no job "${query.job}". Jobs: ${Object.keys(JOB_HANDLERS).join(', ')}.`);
    return this.runs.list({ limit: query.limit, ...(query.before ? { before: query.before } : {}), ...(job ? { jobKind: job } : {}) }).map(toRunView);
  }

  listPreferences(): Preference[] {
    return this.preferences.list();
  }

  /** Keeps the learner in step with the ledger now (tests, and the CLI's in-process engine). */
  learnNow(): void {
    this.learning.catchUp();
  }

  private async modelEnabled(): Promise<boolean> {
    if (this.keySet === null) await this.refreshKey();
    return this.keySet === true;
  }

  private async refreshKey(): Promise<void> {
    try {
      this.keySet = (await this.settings.resolve()).apiKey !== null;
      this.keyProblem = null;
    } catch (error) {
      // No secret store to read (no keychain, a locked one): not known whether a key is set, and
      // nothing is planned until it is; the status says why.
      this.keySet = null;
      this.keyProblem = `Steward cannot read the model's API key: ${error instanceof Error ? error.message : String(error)}`;
    }
    this.changed();
  }

  private mayRead(account: StoredAccount, what: string, actor: string, places?: Places): boolean {
    const capability = readCapabilityOf(account.kind);
    return this.deps.gate.authorizeRead({ capability, app: account.kind, accountId: account.id, title: what, ...(places ? { places } : {}) }, parseActor(actor)).decision === 'allow';
  }

  private readWithin(account: StoredAccount, what: string, actor: string, places: Places): ReadPermission {
    const read = { capability: readCapabilityOf(account.kind), app: account.kind, accountId: account.id, title: what, places, narrowable: true };
    const verdict = this.deps.gate.authorizeRead(read, parseActor(actor));
    return verdict.decision === 'allow' ? { allowed: true, within: verdict.within } : { allowed: false, why: verdict.reason };
  }

  private environment(): EnvironmentFacts {
    const accounts = this.deps.accounts.list();
    const named = accounts.find((a) => a.displayName.trim() !== '');
    return {
      userName: named?.displayName ?? accounts[0]?.email.split('@')[0] ?? 'the user',
      addresses: accounts.map((a) => a.email),
      timeZone: this.timeZone(),
      now: this.deps.clock.now(),
      operatingSystem: describeOperatingSystem(process.platform, release()),
    };
  }

  private timeZone(): string {
    return effectiveTimeZone(this.deps.config.get('user.timeZone'));
  }

  private userActive(): boolean {
    const here = this.deps.presence.current === 'active';
    return this.deps.mode === 'host' ? here && this.deps.config.get('presence.host') === 'active' : here;
  }

  private presenceChanged(state: PresenceState): void {
    if (AWAY.includes(state)) {
      this.awaySince ??= this.deps.clock.now();
      return;
    }
    const since = this.awaySince;
    this.awaySince = null;
    if (since) void this.planner.returned(since).catch((error: unknown) => console.error('[steward] the digest could not be planned:', error));
    // Idle time may have let a heavy job go; active again, the runner looks once more either way.
    this.runner.wake();
  }

  private scheduleTick(): void {
    if (!this.started) return;
    if (this.tickTimer) clearTimeout(this.tickTimer);
    const now = this.deps.clock.now().getTime();
    const routine = this.planner.nextRoutineAt()?.getTime() ?? Number.POSITIVE_INFINITY;
    const delay = Math.max(1_000, Math.min(TICK_MS, routine - now));
    this.tickTimer = setTimeout(() => void this.tick(), delay);
    this.tickTimer.unref?.();
  }

  private problemWords(keySet: boolean | null, exhausted: boolean, resetsAt: string, paused: boolean, queued: number): string | null {
    if (this.keyProblem) return this.keyProblem;
    if (keySet === false) {
      return 'No API key: Steward runs on its detectors only. Add one in Settings → Model and budget (or `steward config set model.apiKey --stdin`) to let it triage new mail, draft replies in your tone, and write briefs and digests.';
    }
    if (exhausted) {
      const at = new Intl.DateTimeFormat('en-GB', { timeZone: this.timeZone(), hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(resetsAt));
      return `Today's token budget is spent: ${queued > 0 ? `${queued} job(s) wait` : 'jobs wait'} until ${at}, when it refills. The detectors keep working.`;
    }
    if (paused && queued > 0) return `Paused: ${queued} job(s) wait until you resume.`;
    return this.runner.lastProblem?.words ?? null;
  }

  private changed(): void {
    this.deps.events.emit({ type: 'status.changed' });
  }
}

/**
 * The Anthropic client, loaded with the SDK on the first call: a CLI command or an engine that
 * never calls the model does not load it.
 */
function lazyModelClient(settings: ModelSettingsStore, retry: RetryPolicy | undefined): ModelCaller {
  let client: Promise<ModelCaller> | null = null;
  return {
    call(request, options) {
      client ??= import('./model-client.js').then(({ AnthropicModelClient }) => new AnthropicModelClient({ settings, ...(retry ? { retry } : {}) }));
      return client.then((loaded) => loaded.call(request, options));
    },
  };
}

function toRunView(run: AgentRun): AgentRunView {
  return {
    id: run.id,
    job: run.jobKind,
    trigger: run.trigger.type,
    model: run.model,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    tokens: run.usage,
    costUsd: run.costUsd,
    modelCalls: run.modelCalls,
    proposals: run.proposals,
    status: run.status,
    detail: run.detail,
  };
}
