/**
 * What a connector is: a folder that can test and watch an account and carry out its write
 * capabilities through executors. Adding one touches nothing else but the registry.
 */
import type { AppId, CapabilityId } from '@shared/domain/capabilities.js';
import type { ActionPreview } from '@shared/domain/types.js';
import type { StoredAccount } from '../accounts/account-store.js';
import type { Ticket } from '../gate/gate.js';

export interface Watcher {
  start(): void;
  syncNow(): void;
  /** Drop the connection and connect again now (the machine woke up, the network changed). */
  reconnect(): void;
  stop(): Promise<void>;
}

export interface ExecutionContext {
  readonly account: StoredAccount;
  readonly password: string;
}

export interface ExecutionOutcome {
  /** What happened, in words: "Moved 4 messages from INBOX to Archive". */
  readonly summary: string;
  /** What undo needs; null when there is nothing to undo. */
  readonly undo: unknown;
}

/**
 * Runs one capability. Its methods receive the gate's ticket and must hand it to every write
 * they make; the connector's write methods refuse anything else.
 */
export interface Executor {
  readonly capability: CapabilityId;
  execute(ticket: Ticket, args: unknown, context: ExecutionContext): Promise<ExecutionOutcome>;
  undo(ticket: Ticket, args: unknown, undo: unknown, context: ExecutionContext): Promise<{ readonly summary: string }>;
  /**
   * After a step was cut short (paused, connection lost, process killed): looks, without
   * changing anything, whether its effect happened anyway, and returns what execute would
   * have, so that it is recorded and can be undone. Null when nothing happened.
   */
  reconcile(actionId: string, args: unknown, context: ExecutionContext): Promise<ExecutionOutcome | null>;
}

/** A step of a plan as a detector proposes it, before it is stored. */
export interface ProposedStep {
  readonly capability: CapabilityId;
  readonly app: AppId;
  readonly accountId: string;
  readonly title: string;
  readonly args: unknown;
  readonly preview: ActionPreview;
}
