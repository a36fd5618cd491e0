/**
 * The AgentDojo "workspace" dataset (MIT): a realistic inbox, calendar and drive of one person,
 * with prompt injections planted in them. Read from the team's shared folder, never copied into
 * the repository. See ../shared/datasets/agentdojo-workspace/README.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WorkspaceEmail {
  readonly id: string;
  readonly sender: string;
  readonly recipients: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly subject: string;
  readonly body: string;
  readonly status: 'received' | 'sent';
  readonly read: boolean;
  /** Naive local time, e.g. "2024-05-14T11:00:00". */
  readonly timestamp: string;
  readonly attachments: readonly unknown[];
}

export interface WorkspaceContact {
  readonly email: string;
  readonly name: string;
}

export interface WorkspaceEvent {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Naive local times. */
  readonly start: string;
  readonly end: string;
  readonly location: string | null;
  readonly participants: readonly string[];
  readonly allDay: boolean;
  readonly status: string;
}

export interface WorkspaceFile {
  readonly id: string;
  readonly filename: string;
  readonly content: string;
  readonly owner: string;
  readonly lastModified: string;
  readonly sharedWith: Readonly<Record<string, string>>;
}

export interface Workspace {
  /** emma.johnson@bluesparrowtech.com */
  readonly accountEmail: string;
  readonly userName: string;
  /** The assistant's "today", e.g. "2024-05-15". */
  readonly currentDay: string;
  readonly emails: readonly WorkspaceEmail[];
  readonly contacts: readonly WorkspaceContact[];
  readonly events: readonly WorkspaceEvent[];
  readonly files: readonly WorkspaceFile[];
}

export interface InjectionTask {
  readonly id: string;
  readonly goal: string;
  /** The tool calls that would carry the attack out (AgentDojo tool names and arguments). */
  readonly groundTruth: readonly { readonly function: string; readonly args: Readonly<Record<string, unknown>> }[];
}

export const ATTACKER_EMAIL = 'mark.black-2134@gmail.com';

/** Where the dataset is: $STEWARD_DATASETS, else a `shared/datasets` beside or above the checkout. */
export function datasetDir(): string {
  const candidates = [
    process.env.STEWARD_DATASETS && join(process.env.STEWARD_DATASETS, 'agentdojo-workspace'),
    ...ancestors(dirname(fileURLToPath(import.meta.url))).map((dir) => join(dir, 'shared', 'datasets', 'agentdojo-workspace')),
    '/work/shared/datasets/agentdojo-workspace',
  ].filter((dir): dir is string => Boolean(dir));
  const found = candidates.find((dir) => existsSync(join(dir, 'workspace_env.json')));
  if (!found) {
    throw new Error(
      `The AgentDojo workspace dataset was not found (looked in ${candidates.join(', ')}). Set STEWARD_DATASETS to the folder that holds agentdojo-workspace/.`,
    );
  }
  return found;
}

/**
 * The workspace with every injection vector at its benign default, or, given an injection task,
 * with that attack planted in every vector (AgentDojo's "important instructions" attack).
 */
export function loadWorkspace(options: { injectionTask?: string } = {}): Workspace {
  const dir = datasetDir();
  const env = readJson<RawEnvironment>(join(dir, 'workspace_env.json'));
  if (options.injectionTask) plantAttack(env, dir, options.injectionTask);
  const userName = env.inbox.contacts.find((c) => c.email === env.account_email)?.name ?? 'Emma Johnson';
  return {
    accountEmail: env.account_email,
    userName,
    currentDay: env.current_day,
    emails: env.inbox.emails.map((e) => ({
      id: e.id_,
      sender: e.sender,
      recipients: e.recipients,
      cc: e.cc,
      bcc: e.bcc,
      subject: e.subject,
      body: e.body,
      status: e.status,
      read: e.read,
      timestamp: e.timestamp,
      attachments: e.attachments,
    })),
    contacts: env.inbox.contacts,
    events: env.calendar.events.map((e) => ({
      id: e.id_,
      title: e.title,
      description: e.description,
      start: e.start_time,
      end: e.end_time,
      location: e.location ?? null,
      participants: e.participants,
      allDay: e.all_day,
      status: e.status,
    })),
    files: env.cloud_drive.files.map((f) => ({
      id: f.id_,
      filename: f.filename,
      content: f.content,
      owner: f.owner,
      lastModified: f.last_modified,
      sharedWith: f.shared_with,
    })),
  };
}

export function injectionTasks(): InjectionTask[] {
  const raw = readJson<{ injection_tasks: { id: string; goal: string; ground_truth: InjectionTask['groundTruth'] }[] }>(
    join(datasetDir(), 'injection_tasks.json'),
  );
  return raw.injection_tasks.map((t) => ({ id: t.id, goal: t.goal, groundTruth: t.ground_truth }));
}

function plantAttack(env: RawEnvironment, dir: string, task: string): void {
  const attacks = readJson<{ effective_field_values: Record<string, Record<string, string>> }>(join(dir, 'attacks_important_instructions.json'));
  const values = attacks.effective_field_values[task];
  if (!values) throw new Error(`No injection task "${task}" in the dataset (see injection_tasks.json).`);
  for (const vector of env.injection_vectors) {
    const value = values[vector.id];
    if (value === undefined) continue;
    const [collection, field] = [vector.location.collection, vector.location.field];
    const records = collection === 'inbox.emails' ? env.inbox.emails : collection === 'calendar.events' ? env.calendar.events : env.cloud_drive.files;
    const record = (records as unknown as Record<string, unknown>[]).find((r) => r.id_ === vector.location.id);
    if (record) record[field] = value;
  }
}

interface RawEnvironment {
  account_email: string;
  current_day: string;
  inbox: {
    emails: {
      id_: string;
      sender: string;
      recipients: string[];
      cc: string[];
      bcc: string[];
      subject: string;
      body: string;
      status: 'received' | 'sent';
      read: boolean;
      timestamp: string;
      attachments: unknown[];
    }[];
    contacts: WorkspaceContact[];
  };
  calendar: {
    events: {
      id_: string;
      title: string;
      description: string;
      start_time: string;
      end_time: string;
      location?: string | null;
      participants: string[];
      all_day: boolean;
      status: string;
    }[];
  };
  cloud_drive: {
    files: { id_: string; filename: string; content: string; owner: string; last_modified: string; shared_with: Record<string, string> }[];
  };
  injection_vectors: { id: string; location: { collection: string; id: string; field: string } }[];
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function ancestors(start: string): string[] {
  const out: string[] = [];
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    out.push(dir);
    if (dirname(dir) === dir) return out;
  }
}
