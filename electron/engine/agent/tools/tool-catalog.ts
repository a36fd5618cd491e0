/**
 * Every tool the agent knows, by name, and the sets each job is offered. A set is fixed per job
 * kind and always in the same order, so the tools part of the prompt is byte-stable and cached.
 */
import { CALENDAR_TOOLS } from './calendar-tools.js';
import { EMAIL_TOOLS } from './email-tools.js';
import { FILES_TOOLS } from './files-tools.js';
import { reportTriage } from './result-tools.js';
import type { ToolSpec } from './tool-spec.js';

export const CAPABILITY_TOOLS: readonly ToolSpec[] = [...EMAIL_TOOLS, ...CALENDAR_TOOLS, ...FILES_TOOLS];
export const RESULT_TOOLS: readonly ToolSpec[] = [reportTriage];

const byName = new Map<string, ToolSpec>([...CAPABILITY_TOOLS, ...RESULT_TOOLS].map((tool) => [tool.name, tool]));

export function toolByName(name: string): ToolSpec | undefined {
  return byName.get(name);
}

/** The read tools of every area: what a job that only looks around is offered. */
export const READ_TOOLS: readonly ToolSpec[] = CAPABILITY_TOOLS.filter((tool) => tool.effect === 'read');
