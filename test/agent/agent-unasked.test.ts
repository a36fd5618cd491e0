/**
 * The agent is one more proposer: a step it asks for goes through the same decision as a
 * detector's. Under an Allow grant (with its scope and conditions) or the user's rule it runs
 * without asking, through the engine's runner, the gate's ticket and the brakes, and the ledger
 * names what let it; anything the Allow does not cover asks. Real folders, a private system
 * Trash, the engine as composeEngine builds it. (Outward steps and the taint rule, against the
 * real mail servers: test/integration/agent-unasked-send.test.ts.)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { EngineToolBroker } from '../../electron/engine/agent/broker/engine-broker.js';
import { TriageStore } from '../../electron/engine/agent/jobs/triage-store.js';
import { AgentProposer } from '../../electron/engine/agent/proposals/agent-proposer.js';
import type { ProposedStep } from '../../electron/engine/agent/tool-broker.js';
import type { StoredAccount } from '../../electron/engine/accounts/account-store.js';
import { rootsOf } from '../../electron/engine/connectors/folders/index.js';
import type { FoldersWatcher } from '../../electron/engine/connectors/folders/folders-watcher.js';
import { tempFolders, type TempFolders } from '../../electron/engine/connectors/folders/testing/temp-folders.js';
import { agentParts, brokerDeps, type AgentParts } from './agent-parts.js';
import { grantAndWatch, usePrivateTrash } from './folders-parts.js';

usePrivateTrash();

let temp: TempFolders;
let parts: AgentParts;
let watcher: FoldersWatcher;
let projects: string;
let other: string;
let broker: EngineToolBroker;

beforeEach(async () => {
  temp = tempFolders();
  projects = temp.folder('Projects');
  other = temp.folder('Other');
  writeFileSync(join(projects, 'old-draft.txt'), 'old draft');
  writeFileSync(join(projects, 'plan.txt'), 'the plan');
  writeFileSync(join(other, 'keep.txt'), 'keep me');
  parts = await agentParts({ baseUrl: 'http://127.0.0.1:9', apiKey: null });
  await parts.folders.add({ path: other }, 'user:cli');
  watcher = await grantAndWatch(parts, projects);
  // The proposer a run gets, with the engine's own runAllowed (compose.ts), as the agent service wires it.
  const proposals = new AgentProposer({ db: parts.db, proposer: parts.proposer, suggestions: parts.suggestions, triage: new TriageStore(parts.db, parts.clock), runAllowed: parts.runAllowed });
  broker = new EngineToolBroker(brokerDeps(parts), 'job-1', (planned) => proposals.proposeStep(planned, { runId: 'run-1', job: 'review', model: null }));
});
afterEach(async () => {
  await watcher.stop();
  temp.cleanup();
});

let calls = 0;
function step(capability: ProposedStep['capability'], tool: string, args: Record<string, unknown>, untrustedItemIds: readonly string[] = []): ProposedStep {
  calls += 1;
  return { runId: 'run-1', toolUseId: `toolu_${calls}`, tool, capability, args, reason: 'Keeps the project tidy.', provenance: { runId: 'run-1', untrustedItemIds } };
}

function foldersAccount(): StoredAccount {
  const account = parts.folders.account();
  if (!account) throw new Error('no folders account');
  return account;
}

function rootId(name: string): string {
  const root = rootsOf(foldersAccount()).find((r) => r.name === name);
  if (!root) throw new Error(`no root ${name}`);
  return root.id;
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function fileIdOf(query: string): Promise<string> {
  const found = await broker.read({ runId: 'run-1', tool: 'files_search', capability: 'files.read', args: { query, limit: 5 }, signal: new AbortController().signal });
  const id = found.ok ? found.items[0]?.fields.fileId : undefined;
  if (!id) throw new Error(`no file for ${query}`);
  return id;
}

/** Proposes through the broker, lets whatever may run unasked run, and returns the suggestion as it ended. */
async function propose(proposed: ProposedStep) {
  const review = await broker.reviewProposal(proposed);
  await parts.runner.idle(10_000);
  const suggestion = parts.suggestions.get(broker.proposed.at(-1)?.suggestionId ?? '');
  return { review, suggestion, action: suggestion?.actions[0] };
}

function entriesFor(actionId: string | undefined) {
  return parts.ledger
    .list({ limit: 200 })
    .filter((e) => e.actionId === actionId)
    .reverse();
}

it('runs a benign step the user allowed without asking, and the ledger names the grant; without the Allow it asks', async () => {
  const asked = await propose(step('files.create', 'files_create', { folder: 'Projects', name: 'asked.md', content: 'x' }));
  expect(asked.review).toEqual({ accepted: true });
  expect(asked.action).toMatchObject({ status: 'proposed', decision: 'ask' });
  expect(existsSync(join(projects, 'asked.md'))).toBe(false);

  await parts.handlers.setGrant({ app: 'folders', capability: 'files.create', mode: 'allow' }, 'user:ui');
  const { review, action, suggestion } = await propose(step('files.create', 'files_create', { folder: 'Projects', name: 'brief.md', content: '# Brief' }));
  expect(review).toEqual({ accepted: true, unasked: { grant: true } });
  expect(action, action?.error ?? '').toMatchObject({ status: 'done', decision: 'allow' });
  expect(suggestion?.status).toBe('done');
  expect(readFileSync(join(projects, 'brief.md'), 'utf8')).toBe('# Brief');
  const entries = entriesFor(action?.id);
  expect(entries.map((e) => [e.kind, e.actor])).toEqual([
    ['gate.allowed', 'agent:run-1'],
    ['gate.allowed', 'engine (allowed by your permissions)'],
    ['action.executed', 'engine (allowed by your permissions)'],
  ]);
  expect(entries[0]?.summary).toMatch(/: You allowed Create files \(files\.create\) in Folders without asking\.$/);
  expect(entries[1]?.detail).toMatchObject({ stage: 'execute', approvedBy: null });
  // The user can still undo what ran unasked.
  await parts.runner.undo(suggestion?.id ?? '', 'user:test');
  expect(existsSync(join(projects, 'brief.md'))).toBe(false);
});

it('runs a destructive step under a scoped, confirmed Allow only within its scope', async () => {
  const scope = { folders: [], calendars: [], pathRoots: [rootId('Projects')] };
  await expect(parts.handlers.setGrant({ app: 'folders', capability: 'files.trash', mode: 'allow', scope }, 'user:ui')).rejects.toThrow(/second confirmation/);
  const granted = await parts.handlers.setGrant({ app: 'folders', capability: 'files.trash', mode: 'allow', scope, confirm: true }, 'user:ui');
  // The user reads the folder as they granted it, never the root's id.
  expect(granted.words).toMatch(new RegExp(`without asking, only under ${escaped(projects)}$`));
  expect(parts.ledger.list({ limit: 200 }).find((e) => e.kind === 'grant.changed')?.summary).toContain(`only under ${projects}.`);

  const inside = await propose(step('files.trash', 'files_trash', { fileIds: [await fileIdOf('old-draft')] }));
  expect(inside.review).toEqual({ accepted: true, unasked: { grant: true } });
  expect(inside.action, inside.action?.error ?? '').toMatchObject({ status: 'done', decision: 'allow' });
  expect(existsSync(join(projects, 'old-draft.txt'))).toBe(false);
  expect(entriesFor(inside.action?.id).find((e) => e.detail.stage === 'execute')?.summary).toMatch(
    new RegExp(`You allowed Move files to the Trash \\(files\\.trash\\) in Folders without asking, only under ${escaped(projects)}\\.$`),
  );

  // The same Allow does not run a trash the model chose after reading what others wrote.
  const steered = await propose(step('files.trash', 'files_trash', { fileIds: [await fileIdOf('plan')] }, ['mail:poisoned']));
  expect(steered.review).toEqual({ accepted: true });
  expect(steered.action).toMatchObject({ status: 'proposed', decision: 'ask' });
  expect(existsSync(join(projects, 'plan.txt'))).toBe(true);
  expect(entriesFor(steered.action?.id)[0]?.summary).toMatch(/It always asks: Proposed after the model read 1 item others wrote/);

  const outside = await propose(step('files.trash', 'files_trash', { fileIds: [await fileIdOf('keep')] }));
  expect(outside.review).toEqual({ accepted: true });
  expect(outside.action).toMatchObject({ status: 'proposed', decision: 'ask' });
  expect(existsSync(join(other, 'keep.txt'))).toBe(true);
  expect(entriesFor(outside.action?.id).map((e) => [e.kind, e.summary.replace(/^.*?: /, '')])).toEqual([
    ['gate.asked', expect.stringMatching(new RegExp(`needs your approval \\(your Allow does not cover it: it acts in ${escaped(other)}, outside ${escaped(projects)}\\)\\.$`)) as string],
  ]);
});

it('counts the agent’s unasked steps in the breaker: past the limit everything pauses, and the step waits', async () => {
  parts.config.set('safety.breakerCount', 2);
  await parts.handlers.setGrant({ app: 'folders', capability: 'files.create', mode: 'allow' }, 'user:ui');
  for (const name of ['1.md', '2.md']) {
    const { action } = await propose(step('files.create', 'files_create', { folder: 'Projects', name, content: name }));
    expect(action, action?.error ?? '').toMatchObject({ status: 'done' });
  }
  const third = await propose(step('files.create', 'files_create', { folder: 'Projects', name: '3.md', content: '3' }));
  // Asked by nobody, so the brake calls it off rather than holding it for the resume.
  expect(third.action).toMatchObject({ status: 'cancelled', error: expect.stringMatching(/^Not run: the safety brake stopped what ran without asking/) as string });
  expect(existsSync(join(projects, '3.md'))).toBe(false);
  expect(parts.killSwitch.paused).toBe(true);
  expect(entriesFor(third.action?.id).map((e) => e.kind)).toEqual(['gate.allowed', 'gate.refused', 'action.cancelled']);
  expect(entriesFor(third.action?.id)[1]?.summary).toMatch(/Safety brake: more than 2 actions ran without asking/);
  // The user looked and resumed: the runaway does not carry on by itself.
  parts.outboxClock.start();
  await parts.handlers.resume(undefined, 'user:ui');
  await new Promise((resolve) => setImmediate(resolve));
  await parts.runner.idle(10_000);
  parts.outboxClock.stop();
  expect(existsSync(join(projects, '3.md'))).toBe(false);
  expect(entriesFor(third.action?.id).map((e) => e.kind)).toHaveLength(3);
});
