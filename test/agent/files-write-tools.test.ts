/**
 * The agent's file write tools, from the model's call to the disk and back: files_create,
 * files_rename, files_move and files_trash are planned into steps the user approves (nothing
 * runs before), approved through the engine's runner and the gate, and undone: a created file to
 * the Trash, a rename back (refused, in words, when a file took the old name since), a move back,
 * a trashed file restored. Real folders, a private system Trash.
 */
import { actors } from '../../electron/engine/gate/facts.js';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, expect, it, vi } from 'vitest';
import { EngineToolBroker, type PlannedProposal } from '../../electron/engine/agent/broker/engine-broker.js';
import { createReadToolProviders } from '../../electron/engine/agent/broker/read-tools.js';
import { createWritePlanners } from '../../electron/engine/agent/broker/write-plans.js';
import { MailQueries } from '../../electron/engine/agent/mail/mail-queries.js';
import type { ProposedStep } from '../../electron/engine/agent/tool-broker.js';
import type { FoldersWatcher } from '../../electron/engine/connectors/folders/folders-watcher.js';
import { tempFolders, type TempFolders } from '../../electron/engine/connectors/folders/testing/temp-folders.js';
import type { MailItem } from '../../electron/engine/items/mail/mail-item.js';
import { planProposal } from '../../electron/engine/suggestions/planner.js';
import { agentParts, type AgentParts } from './agent-parts.js';
import { grantAndWatch } from './folders-parts.js';

const trashHome = await vi.hoisted(async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'steward-trash-home-')));
  process.env.XDG_DATA_HOME = path.join(home, '.local', 'share');
  return home;
});
afterAll(() => execFileSync('rm', ['-rf', trashHome]));

let temp: TempFolders;
let parts: AgentParts;
let watcher: FoldersWatcher;
let projects: string;
let broker: EngineToolBroker;

beforeEach(async () => {
  temp = tempFolders();
  projects = temp.folder('Projects');
  mkdirSync(join(projects, 'Alpha'));
  mkdirSync(join(projects, 'Archive'));
  writeFileSync(join(projects, 'Alpha', 'plan.md'), '# Plan');
  writeFileSync(join(projects, 'Alpha', 'old-notes.txt'), 'old notes');
  parts = await agentParts({ baseUrl: 'http://127.0.0.1:9', apiKey: null });
  watcher = await grantAndWatch(parts, projects);
  const mail = new MailQueries(parts.db, parts.stores.mail as unknown as { getMany(ids: readonly string[]): MailItem[] });
  const deps = {
    accounts: parts.accounts,
    gate: parts.gate,
    grants: parts.grants,
    ledger: parts.ledger,
    readTools: createReadToolProviders({ mail, db: parts.db, now: () => new Date() }),
    writePlanners: createWritePlanners({ mail, db: parts.db }),
    plan: planProposal,
  };
  // What the AgentProposer does, minus the run bookkeeping: the engine's Proposer stores the plan.
  broker = new EngineToolBroker(deps, 'job-1', (planned: PlannedProposal) => {
    const outcome = parts.proposer.propose({ ...planned.draft, origin: { kind: 'agent', runId: 'run-1', job: 'review', reason: planned.step.reason, model: null, untrustedItemIds: [], note: null } }, actors.agent('run-1'));
    return outcome.suggestionId ? { suggestionId: outcome.suggestionId } : { skipped: 'not stored' };
  });
});
afterEach(async () => {
  await watcher.stop();
  temp.cleanup();
});

let calls = 0;
function step(capability: ProposedStep['capability'], tool: string, args: Record<string, unknown>): ProposedStep {
  calls += 1;
  return { runId: 'run-1', toolUseId: `toolu_${calls}`, tool, capability, args, reason: 'Keeps the project tidy.', provenance: { runId: 'run-1', untrustedItemIds: [] } };
}

async function fileIdOf(query: string): Promise<string> {
  const found = await broker.read({ runId: 'run-1', tool: 'files_search', capability: 'files.read', args: { query, limit: 5 }, signal: new AbortController().signal });
  const id = found.ok ? found.items[0]?.fields.fileId : undefined;
  if (!id) throw new Error(`no file for ${query}`);
  return id;
}

/** Proposes through the broker, then approves as the user would; returns the suggestion's id. */
async function proposeAndApprove(proposed: ProposedStep): Promise<string> {
  expect(await broker.reviewProposal(proposed)).toEqual({ accepted: true });
  const id = broker.proposed.at(-1)?.suggestionId ?? '';
  const before = parts.suggestions.get(id);
  expect(before?.actions[0]?.status).toBe('proposed');
  const after = await parts.runner.approve(id, undefined, 'user:test');
  expect(after.actions[0]?.status, after.actions[0]?.error ?? '').toBe('done');
  return id;
}

it('creates a file only on approval, never over another, and undo puts it in the Trash', async () => {
  const brief = join(projects, 'Alpha', 'brief.md');
  const id = await proposeAndApprove(step('files.create', 'files_create', { folder: 'Projects/Alpha', name: 'brief.md', content: '# Brief\nShip it.' }));
  expect(parts.suggestions.get(id)?.actions[0]?.preview).toMatchObject({ kind: 'file-create', shownPath: 'Projects/Alpha/brief.md' });
  expect(readFileSync(brief, 'utf8')).toBe('# Brief\nShip it.');
  await parts.runner.undo(id, 'user:test');
  expect(existsSync(brief)).toBe(false);

  // A name already taken: the step fails in words and the file there is untouched.
  expect(await broker.reviewProposal(step('files.create', 'files_create', { folder: 'Projects/Alpha', name: 'plan.md', content: 'overwrite?' }))).toEqual({ accepted: true });
  const failed = await parts.runner.approve(broker.proposed.at(-1)?.suggestionId ?? '', undefined, 'user:test');
  expect(failed.actions[0]?.error).toMatch(/plan\.md/);
  expect(readFileSync(join(projects, 'Alpha', 'plan.md'), 'utf8')).toBe('# Plan');
});

it('renames on approval, and refuses to undo over a file that took the old name since', async () => {
  const id = await proposeAndApprove(step('files.rename', 'files_rename', { fileId: await fileIdOf('plan'), newName: 'plan-v2.md' }));
  expect(readdirSync(join(projects, 'Alpha')).sort()).toEqual(['old-notes.txt', 'plan-v2.md']);
  writeFileSync(join(projects, 'Alpha', 'plan.md'), 'a new plan');
  await expect(parts.runner.undo(id, 'user:test')).rejects.toThrow(/Not done: plan-v2\.md: Something now exists at its destination; Steward never overwrites/);
  expect(readFileSync(join(projects, 'Alpha', 'plan.md'), 'utf8')).toBe('a new plan');
  expect(readFileSync(join(projects, 'Alpha', 'plan-v2.md'), 'utf8')).toBe('# Plan');
});

it('moves and trashes on approval, and undo brings each back', async () => {
  const notes = await fileIdOf('old-notes');
  const moved = await proposeAndApprove(step('files.move', 'files_move', { fileId: notes, toFolder: 'Projects/Archive' }));
  expect(readdirSync(join(projects, 'Archive'))).toEqual(['old-notes.txt']);
  await parts.runner.undo(moved, 'user:test');
  expect(readdirSync(join(projects, 'Alpha')).sort()).toEqual(['old-notes.txt', 'plan.md']);

  const trashed = await proposeAndApprove(step('files.trash', 'files_trash', { fileIds: [await fileIdOf('plan')] }));
  expect(readdirSync(join(projects, 'Alpha'))).toEqual(['old-notes.txt']);
  await parts.runner.undo(trashed, 'user:test');
  expect(readFileSync(join(projects, 'Alpha', 'plan.md'), 'utf8')).toBe('# Plan');

  // Made-up ids and folders are refused in words, and nothing is proposed.
  expect(await broker.reviewProposal(step('files.move', 'files_move', { fileId: '999999', toFolder: 'Projects/Archive' }))).toMatchObject({ accepted: false, reason: expect.stringMatching(/no file 999999/) as string });
  expect(await broker.reviewProposal(step('files.move', 'files_move', { fileId: notes, toFolder: 'Elsewhere/x' }))).toMatchObject({ accepted: false, reason: expect.stringMatching(/no folder "Elsewhere\/x"/) as string });
});
