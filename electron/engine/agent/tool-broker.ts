/**
 * What the agent loop may ask of the rest of Steward while a run goes: read something, and have
 * a proposed step looked at. There is deliberately no way to execute anything through it: a
 * write the model asks for comes back from the loop as a ProposedStep, and only the gate, after
 * the user's approval (or a standing grant or rule the user made), can turn a step into a
 * ticket; the engine's runner, not the broker, then carries it out.
 *
 * Phase 2 implements it over the gate (a read check for reads; the proposal review for writes)
 * and the connectors' read capabilities, scoped to what the user connected.
 */
import type { UntrustedItem } from './prompt/untrusted-data.js';
import type { AgentCapabilityId, ReadCapabilityId, WriteCapabilityId } from './tools/tool-spec.js';

export interface ReadToolCall {
  readonly runId: string;
  /** email_search, calendar_list_events… */
  readonly tool: string;
  readonly capability: ReadCapabilityId;
  /** Checked against the tool's input schema (defaults applied). */
  readonly args: Readonly<Record<string, unknown>>;
  /** The run's signal: a read in flight stops when Steward is paused. */
  readonly signal: AbortSignal;
}

export type ReadToolResult =
  /** What was found, as data for the model; `note` is Steward's own line above it. */
  | { readonly ok: true; readonly items: readonly UntrustedItem[]; readonly note?: string }
  /** Refused or failed, in words the model can act on ("Calendar is not connected"). */
  | { readonly ok: false; readonly error: string };

/** Where a proposed step came from: what the gate and the card show. */
export interface Provenance {
  readonly runId: string;
  /** Every untrusted item that was in the model's context when it asked for the step. */
  readonly untrustedItemIds: readonly string[];
}

/** A write the model asked for. Never executed by the agent; the user decides. */
export interface ProposedStep {
  readonly runId: string;
  /** The tool_use block's id (unique per run). */
  readonly toolUseId: string;
  /** email_draft, calendar_respond… */
  readonly tool: string;
  readonly capability: WriteCapabilityId;
  /** The step's arguments, checked against the tool's schema, without the reason. */
  readonly args: Readonly<Record<string, unknown>>;
  /** The model's one line for the user, shown on the card. */
  readonly reason: string;
  readonly provenance: Provenance;
}

/** What lets a step run without the user being asked: their rule (by name) or a standing Allow. */
export type UnaskedBy = { readonly rule: string } | { readonly grant: true };

export type ProposalReview =
  /** Put to the user; `unasked` when what they allowed in advance runs it at once instead. */
  | { readonly accepted: true; readonly note?: string; readonly unasked?: UnaskedBy }
  /** Not even offered to the user (a Deny grant, an unknown account, an item gone): why, for the model. */
  | { readonly accepted: false; readonly reason: string };

export interface ToolBroker {
  read(call: ReadToolCall): Promise<ReadToolResult>;
  /** May this step be put to the user? It runs nothing. */
  reviewProposal(step: ProposedStep): Promise<ProposalReview>;
  /** A write the run refused before review (its proposal cap): kept on record, never proposed. */
  recordRefusal(step: ProposedStep, reason: string): void;
}

export type { AgentCapabilityId };
