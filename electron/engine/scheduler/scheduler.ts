/**
 * Turns observations into suggestions. Connectors record what they saw (in the same
 * transaction as the items and the sync cursor); the scheduler wakes shortly after, runs the
 * deterministic detectors over what is new, and sleeps. No observation, no work: an idle
 * Steward costs nothing. Time is the other trigger: a detector may ask to look at an item again
 * later (revisits, kept durably), and the scheduler's clock wakes for the next one that is due.
 */
import type { ConfigKeyName, ConfigValues } from '@shared/config/index.js';
import type { ItemKind } from '@shared/domain/types.js';
import type { AccountStore, StoredAccount } from '../accounts/account-store.js';
import type { Clock } from '../clock.js';
import type { RevisitStore } from '../detectors/revisit-store.js';
import type { DetectorLookups } from '../detectors/lookups.js';
import type { Detector, DetectorContext } from '../detectors/types.js';
import type { ItemState, ItemStore } from '../items/item-store.js';
import type { StoredItemBase } from '../items/kinds.js';
import type { ItemStores } from '../items/registry.js';
import type { Proposer } from '../suggestions/proposer.js';
import { actors } from '../gate/facts.js';
import type { Proposal, SuggestionDraft } from '../suggestions/suggestion-draft.js';
import type { SuggestionStore } from '../suggestions/suggestion-store.js';
import type { RuleRef } from '../suggestions/proposer.js';
import { BriefItems } from './brief-items.js';
import type { ObservationQueue } from './observations.js';

export interface SchedulerDeps {
  readonly clock: Clock;
  readonly accounts: AccountStore;
  readonly items: ItemStore;
  readonly stores: ItemStores;
  readonly observations: ObservationQueue;
  readonly suggestions: SuggestionStore;
  readonly proposer: Proposer;
  readonly detectorsFor: (kind: ItemKind) => readonly Detector[];
  readonly detectorById: (id: string) => Detector | undefined;
  /** The account's connector turns a proposal's intents into steps; null when it cannot. */
  readonly plan: (proposal: Proposal, account: StoredAccount) => SuggestionDraft | null;
  /** A plan allowed in advance by the user's grants: run it. */
  /** Runs a plan allowed in advance: by a standing grant, or by the user's rule (named in the ledger). */
  readonly runAllowed: (suggestionId: string, rule: RuleRef | null) => void;
  /** Detectors' requests to look at items again later. */
  readonly revisits: RevisitStore;
  /** Read-only looks across kinds, handed to the detectors as they are. */
  readonly lookups: DetectorLookups;
  /** The user's settings, for detectors' rules. */
  readonly config: <K extends ConfigKeyName>(key: K) => ConfigValues[K];
}

/** Wake at least this often for revisits, so a changed system clock delays one by an hour at most. */
const MAX_CLOCK_SLEEP_MS = 60 * 60_000;

/** Items often arrive in bursts: wait this long so ten newsletters make one suggestion update. */
const SETTLE_MS = 150;
const BATCH = 1000;
/** Idle this long after a run, the scheduler lets go of the card copies a burst needed (see brief-items.ts). */
const BURST_OVER_MS = 5_000;

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private burstTimer: NodeJS.Timeout | null = null;
  private clockTimer: NodeJS.Timeout | null = null;
  private clockRunning = false;
  private stopped = false;
  /** Open cards' items as last read, for the next batch's growth (see brief-items.ts). */
  private readonly briefItems = new BriefItems();
  /** Suggestions that grew by addition in this burst (by id, with their account): restated whole when it is over. */
  private readonly grown = new Map<string, string>();

  constructor(private readonly deps: SchedulerDeps) {}

  /** Processes whatever is queued soon (also used at start-up for what a crash left behind). */
  wake(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        this.processPending();
      } catch (error) {
        console.error('[steward] the scheduler failed to process observations:', error);
      }
    }, SETTLE_MS);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.clockTimer) clearTimeout(this.clockTimer);
    this.clockTimer = null;
    if (this.burstTimer) clearTimeout(this.burstTimer);
    this.burstTimer = null;
  }

  /** Starts the clock that wakes for revisits (engines that watch; the CLI's does not). */
  startClock(): void {
    this.clockRunning = true;
    this.armClock();
  }

  private armClock(): void {
    if (this.stopped || !this.clockRunning) return;
    if (this.clockTimer) clearTimeout(this.clockTimer);
    this.clockTimer = null;
    const next = this.deps.revisits.nextDue();
    if (next === null) return;
    const delay = Math.min(Math.max(0, Date.parse(next) - this.deps.clock.now().getTime()), MAX_CLOCK_SLEEP_MS);
    this.clockTimer = setTimeout(() => {
      this.clockTimer = null;
      try {
        this.revisitDue();
      } catch (error) {
        console.error('[steward] the scheduler failed to look at items again:', error);
      }
      this.armClock();
    }, delay);
  }

  /** Hands every revisit that is due to its detector. Synchronous, like processPending. */
  revisitDue(): void {
    const due = this.deps.revisits.due(this.deps.clock.now());
    if (due.length === 0) return;
    const groups = new Map<string, typeof due>();
    for (const revisit of due) {
      const key = `${revisit.accountId}\u0000${revisit.detector}`;
      const group = groups.get(key);
      if (group) group.push(revisit);
      else groups.set(key, [revisit]);
    }
    for (const group of groups.values()) {
      const first = group[0];
      const account = first ? this.deps.accounts.get(first.accountId) : undefined;
      const detector = first ? this.deps.detectorById(first.detector) : undefined;
      if (!account || !detector?.revisit) continue;
      try {
        const context = this.contextFor(account);
        const items = [...this.readByKind(group.map((r) => r.itemId)).values()].flat().filter((item) => item.present);
        if (items.length > 0) for (const proposal of detector.revisit(items, context)) this.propose(account, proposal);
      } catch (error) {
        console.error(`[steward] detector ${first?.detector ?? '?'} failed to look again for ${account.email}:`, error);
      }
    }
    this.deps.revisits.markDone(due);
    if (due.length === 500) this.revisitDue();
  }

  /** Runs the detectors over everything queued. Synchronous: detectors are pure and local. */
  processPending(): void {
    const batch = this.deps.observations.pending(BATCH);
    if (batch.length === 0) return;
    const byAccount = new Map<string, { fresh: string[]; gone: string[] }>();
    // What was observed of an item (new flags, a move, gone) makes a kept copy of it stale.
    this.briefItems.forget(batch.flatMap((o) => (o.itemId ? [o.itemId] : [])));
    for (const o of batch) {
      const entry = byAccount.get(o.accountId) ?? { fresh: [], gone: [] };
      if (o.itemId) (o.kind === 'item.gone' ? entry.gone : entry.fresh).push(o.itemId);
      byAccount.set(o.accountId, entry);
    }
    for (const [accountId, { fresh, gone }] of byAccount) {
      const account = this.deps.accounts.get(accountId);
      if (!account) continue;
      try {
        const context = this.contextFor(account);
        this.handleGone(account, gone, context);
        this.detect(account, fresh, context);
      } catch (error) {
        // One bad batch must not block the queue forever: log it and move on.
        console.error(`[steward] detectors failed for ${account.email}:`, error);
      }
    }
    this.deps.observations.markProcessed(batch.map((o) => o.id));
    if (batch.length === BATCH) this.wake();
    this.armBurstOver();
  }

  /** (Re)starts the wait after which the burst is over and the card copies go. */
  private armBurstOver(): void {
    if (this.stopped) return;
    // Every run of a sync restarts it: the same timer, rescheduled, rather than a new one each time.
    if (this.burstTimer) {
      this.burstTimer.refresh();
      return;
    }
    this.burstTimer = setTimeout(() => {
      this.burstTimer = null;
      this.briefItems.clear();
      try {
        this.restateGrown();
      } catch (error) {
        console.error('[steward] the scheduler failed to restate the suggestions that grew:', error);
      }
    }, BURST_OVER_MS);
    this.burstTimer.unref();
  }

  private detect(account: StoredAccount, freshIds: readonly string[], context: DetectorContext): void {
    for (const [kind, items] of this.readByKind([...new Set(freshIds)], 'brief')) {
      const detectors = this.deps.detectorsFor(kind);
      const present = this.withText(kind, items.filter((item) => item.present), detectors, context);
      if (present.length === 0) continue;
      for (const detector of detectors) {
        for (const proposal of detector.detect(present, context)) this.propose(account, proposal);
        if (detector.watch) this.keepWatch(account, detector, detector.watch(present, context));
      }
    }
  }

  private keepWatch(account: StoredAccount, detector: Detector, watch: ReturnType<NonNullable<Detector['watch']>>): void {
    const { revisits } = this.deps;
    for (const key of watch.settle) revisits.settle(account.id, detector.id, key);
    for (const revisit of watch.revisit) revisits.request(account.id, detector.id, revisit);
    if (watch.revisit.length > 0) this.armClock();
  }

  /** Items that left elsewhere shrink or retire the open suggestions about them. */
  private handleGone(account: StoredAccount, goneIds: readonly string[], context: DetectorContext): void {
    const { suggestions, proposer } = this.deps;
    for (const open of suggestions.pendingCovering(goneIds)) {
      const remaining = [...this.readByKind(suggestions.itemIds(open.id)).values()].flat().filter((item) => item.present);
      if (remaining.length === 0) {
        proposer.expire(open.id);
        continue;
      }
      const revised = this.deps.detectorById(open.kind)?.revise?.(remaining, context);
      if (revised) this.propose(account, revised);
    }
  }

  /**
   * The suggestions that grew by addition during the burst, each stated whole once from its
   * items now: its steps, one per growth while it grew, become one plan again (one move per
   * mailbox). Called when the burst is over; synchronous, like processPending.
   */
  restateGrown(): void {
    const grown = [...this.grown];
    this.grown.clear();
    for (const [suggestionId, accountId] of grown) {
      const account = this.deps.accounts.get(accountId);
      const state = this.deps.suggestions.stateOf(suggestionId);
      const detector = state?.status === 'pending' ? this.deps.detectorById(state.kind) : undefined;
      if (!account || !detector?.revise) continue;
      try {
        const context = this.contextFor(account);
        const items = this.readByKind(this.deps.suggestions.itemIds(suggestionId), 'brief').get(detector.itemKind) ?? [];
        const present = this.withText(detector.itemKind, items.filter((item) => item.present), [detector], context);
        const whole = present.length > 0 ? detector.revise(present, context) : null;
        if (whole) this.propose(account, { ...whole, grows: false });
      } catch (error) {
        console.error(`[steward] the suggestion ${suggestionId} that grew could not be restated for ${account.email}:`, error);
      }
    }
  }

  private contextFor(account: StoredAccount): DetectorContext {
    const { suggestions, clock } = this.deps;
    return {
      account,
      now: clock.now(),
      config: (key) => this.deps.config(key),
      covered: (kind, keys) => suggestions.coveredKeys(account.id, kind, keys),
      itemsWithKey: (kind, key) => this.deps.items.withKey(kind, key),
      lookups: this.deps.lookups,
      openCard: (dedupeKey) => suggestions.openCard(dedupeKey) ?? null,
      openItems: (dedupeKey) => {
        const open = suggestions.openByDedupeKey(dedupeKey);
        if (!open) {
          this.briefItems.drop(dedupeKey);
          return [];
        }
        // Brief: a growing card re-reads thousands of its items, and plans need none of their bodies.
        const states = this.deps.items.statesOf(suggestions.itemIds(open.id));
        return this.briefItems.itemsOf(dedupeKey, open.id, states, (ids) => this.readBrief(ids, states)).filter((item) => item.present);
      },
    };
  }

  /** Items without their long text, each read by its kind's store (in full where a kind has no brief read). */
  private readBrief(ids: readonly string[], states: ReadonlyMap<string, ItemState>): StoredItemBase[] {
    const byKind = new Map<ItemKind, string[]>();
    for (const id of ids) {
      const kind = states.get(id)?.kind;
      if (!kind) continue;
      const group = byKind.get(kind);
      if (group) group.push(id);
      else byKind.set(kind, [id]);
    }
    const found: StoredItemBase[] = [];
    for (const [kind, kindIds] of byKind) {
      const store = this.deps.stores[kind];
      if (store) found.push(...(store.getManyBrief ? store.getManyBrief(kindIds) : store.getMany(kindIds)));
    }
    return found;
  }

  /** Items by kind, each read by its kind's store: in full, or briefly where the store can. */
  private readByKind(ids: readonly string[], read: 'full' | 'brief' = 'full'): Map<ItemKind, StoredItemBase[]> {
    const byKind = new Map<ItemKind, string[]>();
    for (const [id, kind] of this.deps.items.kindsOf(ids)) {
      const group = byKind.get(kind);
      if (group) group.push(id);
      else byKind.set(kind, [id]);
    }
    const found = new Map<ItemKind, StoredItemBase[]>();
    for (const [kind, kindIds] of byKind) {
      const store = this.deps.stores[kind];
      if (store) found.set(kind, read === 'brief' && store.getManyBrief ? store.getManyBrief(kindIds) : store.getMany(kindIds));
    }
    return found;
  }

  /** Briefly read items, with those whose text some detector reads read again in full (see Detector.readsText). */
  private withText(kind: ItemKind, brief: StoredItemBase[], detectors: readonly Detector[], context: DetectorContext): StoredItemBase[] {
    const store = this.deps.stores[kind];
    if (!store?.getManyBrief) return brief;
    const wanted = brief.filter((item) => detectors.some((detector) => !detector.readsText || detector.readsText(item, context)));
    if (wanted.length === 0) return brief;
    const full = new Map(store.getMany(wanted.map((item) => item.id)).map((item) => [item.id, item]));
    return brief.map((item) => full.get(item.id) ?? item);
  }

  private propose(account: StoredAccount, proposal: Proposal): void {
    const draft = this.deps.plan(proposal, account);
    if (!draft) {
      console.error(`[steward] ${account.kind} cannot carry out "${proposal.title}"; it was not proposed.`);
      return;
    }
    const outcome = this.deps.proposer.propose(draft, actors.detector(draft.kind));
    if (outcome.suggestionId && !outcome.created && draft.grows) this.grown.set(outcome.suggestionId, account.id);
    if (outcome.suggestionId && outcome.allowedToRun) this.deps.runAllowed(outcome.suggestionId, outcome.rule);
  }
}
