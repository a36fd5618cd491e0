/**
 * What a tool the model may call is: a name, the capability the gate checks it under, whether it
 * reads, writes or hands back the job's result, and its input as a zod schema. The schema is the
 * one source of truth: the JSON schema the API sees is made from it (once, byte for byte the same
 * every time, so the prompt cache holds), and the model's input is checked against it before
 * anything else looks at it.
 *
 * A write tool never executes: its call becomes a proposed step (see run-loop.ts).
 */
import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import { z } from 'zod';
import type { CapabilityId } from '@shared/domain/capabilities.js';

/** The agent's tools are bound to the same capabilities the gate and the ledger speak in. */
export type AgentCapabilityId = CapabilityId;

export type ReadCapabilityId = Extract<AgentCapabilityId, `${string}.read`>;
export type WriteCapabilityId = Exclude<AgentCapabilityId, ReadCapabilityId>;

/** A write tool is named after its capability with `.` replaced by `_` (email.draft → email_draft). */
export type WriteToolName<C extends WriteCapabilityId = WriteCapabilityId> = C extends `${infer Area}.${infer Verb}` ? `${Area}_${Verb}` : never;

export function toolNameFor<C extends WriteCapabilityId>(capability: C): WriteToolName<C> {
  return capability.replace('.', '_') as WriteToolName<C>;
}

export interface ReadToolSpec<S extends z.ZodType = z.ZodType> {
  readonly effect: 'read';
  /** Named under its capability's area: email_search, calendar_list_events, files_read… */
  readonly name: string;
  readonly capability: ReadCapabilityId;
  readonly description: string;
  readonly input: S;
}

export interface WriteToolSpec<S extends z.ZodType = z.ZodType> {
  readonly effect: 'write';
  readonly name: WriteToolName;
  readonly capability: WriteCapabilityId;
  readonly description: string;
  /** Always has a `reason`: the model's one line for the user, shown on the card. */
  readonly input: S;
}

/** Not a capability: the job's answer (a triage verdict), which ends the run. */
export interface ResultToolSpec<S extends z.ZodType = z.ZodType> {
  readonly effect: 'result';
  readonly name: string;
  readonly description: string;
  readonly input: S;
}

export type ToolSpec = ReadToolSpec | WriteToolSpec | ResultToolSpec;

/** The one line every write carries for the user. */
export const REASON = z
  .string()
  .min(3)
  .max(200)
  .describe('One line for the user, shown with the proposal: why this step. Plain words, no markdown.');

/** A write tool's input: its own fields plus the reason. */
export function writeInput<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject({ ...shape, reason: REASON });
}

const apiSchemas = new WeakMap<z.ZodType, Tool.InputSchema>();

/**
 * The JSON schema the API sees. zod's output is trimmed of what only costs tokens: the $schema
 * line, and regex patterns where a `format` (email, date-time) already says it.
 */
export function apiInputSchema(schema: z.ZodType): Tool.InputSchema {
  let cached = apiSchemas.get(schema);
  if (!cached) {
    const generated = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw' }) as Record<string, unknown>;
    const { $schema: _ignored, ...rest } = trimPatterns(generated) as Record<string, unknown>;
    if (rest.type !== 'object') throw new Error('A tool input must be an object schema.');
    cached = Object.freeze(rest) as Tool.InputSchema;
    apiSchemas.set(schema, cached);
  }
  return cached;
}

function trimPatterns(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(trimPatterns);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(record)) {
      if (key === 'pattern' && typeof record.format === 'string') continue;
      out[key] = trimPatterns(inner);
    }
    return out;
  }
  return value;
}

/** The tool as the Messages API takes it. */
export function toApiTool(spec: ToolSpec): Tool {
  return { name: spec.name, description: spec.description, input_schema: apiInputSchema(spec.input) };
}
