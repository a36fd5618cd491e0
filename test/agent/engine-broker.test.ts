// The ToolBroker bound to the engine: reads pass the gate and are scoped to what the user
// connected and allowed; writes are planned into proposals and never executed.
import { describe, expect, it } from 'vitest';
import { EngineToolBroker, type PlannedProposal } from '../../electron/engine/agent/broker/engine-broker.js';
import { createReadToolProviders } from '../../electron/engine/agent/broker/read-tools.js';
import { createWritePlanners } from '../../electron/engine/agent/broker/write-plans.js';
import { MailQueries } from '../../electron/engine/agent/mail/mail-queries.js';
import type { ProposedStep } from '../../electron/engine/agent/tool-broker.js';
import type { MailItem } from '../../electron/engine/items/mail/mail-item.js';
import { planProposal } from '../../electron/engine/suggestions/planner.js';
import { agentParts, message, sentAnswer } from './agent-parts.js';
import { tempFolders } from '../../electron/engine/connectors/folders/testing/temp-folders.js';
import { grantAndWatch } from './folders-parts.js';
import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

async function broker() {
  const parts = await agentParts({ baseUrl: 'http://127.0.0.1:9', apiKey: null });
  const mail = new MailQueries(parts.db, parts.stores.mail as unknown as { getMany(ids: readonly string[]): MailItem[] });
  const deps = { accounts: parts.accounts, gate: parts.gate, grants: parts.grants, ledger: parts.ledger, readTools: createReadToolProviders({ mail, db: parts.db, now: () => parts.clock.now() }), writePlanners: createWritePlanners({ mail, db: parts.db, now: () => parts.clock.now() }), plan: planProposal };
  const put: PlannedProposal[] = [];
  // Stands in for the AgentProposer: records what would be put to the user.
  const propose = (planned: PlannedProposal) => {
    put.push(planned);
    return { suggestionId: `s-${put.length}` };
  };
  return { parts, put, broker: new EngineToolBroker(deps, 'job-1', propose) };
}

const signal = new AbortController().signal;
const at = new Date('2026-11-25T08:00:00Z');

describe('EngineToolBroker', () => {
  it('searches and reads threads over the synced mail, past the gate', async () => {
    const { parts, broker: b } = await broker();
    parts.deliver(message({ at, subject: 'Q3 contract', bodyText: 'Can you sign the contract?' }), message({ at, subject: 'Lunch', bodyText: 'Pizza?' }));
    const found = await b.read({ runId: 'run-1', tool: 'email_search', capability: 'email.read', args: { query: 'contract', limit: 10 }, signal });
    expect(found.ok && found.items.map((item) => item.fields.subject)).toEqual(['Q3 contract']);
    const id = found.ok ? (found.items[0]?.id ?? '') : '';
    const thread = await b.read({ runId: 'run-1', tool: 'email_read_thread', capability: 'email.read', args: { messageId: id, maxMessages: 10 }, signal });
    expect(thread).toMatchObject({ ok: true, items: [{ id, body: 'Can you sign the contract?' }] });
    expect(parts.ledger.list({ limit: 5 }).filter((e) => e.detail.stage === 'read').map((e) => e.kind)).toEqual(['gate.allowed', 'gate.allowed']);
  });

  it('answers "not connected" for calendars and folders, and refuses reads the user did not allow', async () => {
    const { parts, broker: b } = await broker();
    expect(await b.read({ runId: 'r', tool: 'calendar_list_events', capability: 'calendar.read', args: {}, signal })).toEqual({
      ok: false,
      error: 'The user has no calendar connected to Steward, so calendar_list_events cannot answer. Work with what you have.',
    });
    expect(await b.read({ runId: 'r', tool: 'files_search', capability: 'files.read', args: { query: 'x' }, signal })).toMatchObject({ ok: false, error: expect.stringMatching(/no folders connected/) as string });
    await parts.handlers.setGrant({ app: 'imap', capability: 'email.read', mode: 'ask' }, 'user:ui');
    expect(await b.read({ runId: 'r', tool: 'email_search', capability: 'email.read', args: { query: 'x', limit: 5 }, signal })).toEqual({
      ok: false,
      error: 'The user has not allowed Steward to read mail (Settings → Permissions), so email_search cannot answer.',
    });
  });

  it('plans a write into a proposal and keeps it, without running anything; refuses what it cannot do, in words', async () => {
    const { parts, put, broker: b } = await broker();
    parts.deliver(message({ at }));
    const [item] = (parts.stores.mail as unknown as { getMany(ids: string[]): MailItem[] }).getMany(parts.db.prepare('SELECT id FROM items').all().map((r) => (r as { id: string }).id));
    const step = (capability: ProposedStep['capability'], tool: string, args: Record<string, unknown>): ProposedStep => ({
      runId: 'run-1',
      toolUseId: `toolu_${tool}`,
      tool,
      capability,
      args,
      reason: 'Because.',
      provenance: { runId: 'run-1', untrustedItemIds: [item?.id ?? ''] },
    });
    expect(await b.reviewProposal(step('email.draft', 'email_draft', { inReplyTo: item?.id, to: ['bob@partner.example'], subject: 'Re: Q3 contract', body: 'Yes.' }))).toEqual({ accepted: true });
    expect(b.proposed[0]).toMatchObject({ suggestionId: 's-1' });
    expect(put[0]?.draft).toMatchObject({ kind: 'reply', dedupeKey: `reply:${parts.account.id}:${item?.messageKey}`, steps: [{ capability: 'email.draft', app: 'imap' }] });
    // A send is planned like any other step; this IMAP account has no SMTP server, so its
    // connector cannot carry it out and nothing is proposed.
    expect(await b.reviewProposal(step('email.send', 'email_send', { to: ['x@y.example'], subject: 's', body: 'b' }))).toEqual({
      accepted: false,
      reason: 'Steward cannot carry out email.send on alice@example.test (Mail (IMAP)).',
    });
    expect(await b.reviewProposal(step('email.draft', 'email_draft', { inReplyTo: 'nope', to: ['bob@partner.example'], subject: 's', body: 'b' }))).toEqual({
      accepted: false,
      reason: 'there is no message nope to reply to in the mail Steward may read.',
    });
    expect(await b.reviewProposal(step('calendar.create', 'calendar_create', { title: 't', start: '2026-11-26T10:00:00+01:00', end: '2026-11-26T11:00:00+01:00' }))).toEqual({
      accepted: false,
      reason: 'the user has no calendar connected to Steward.',
    });
    // A new message to someone the user never wrote to is proposed with the stranger named.
    expect(await b.reviewProposal(step('email.draft', 'email_draft', { to: ['x@y.example'], subject: 'Hello', body: 'b' }))).toEqual({ accepted: true });
    expect(put[1]?.draft).toMatchObject({
      kind: 'agent',
      steps: [{ capability: 'email.draft' }],
      flags: [expect.stringMatching(/^New recipient: you have not exchanged mail with x@y.example/) as string],
    });
    expect(put).toHaveLength(2);
    expect(parts.actions.listActivity(5)).toEqual([]);
    // Each refusal before the gate is in the ledger, so an obeyed injection leaves a trace.
    const refused = parts.ledger.list({ limit: 50 }).filter((e) => e.kind === 'gate.refused');
    expect(refused.map((e) => [e.actor, e.capability, e.detail.stage, e.detail.reason])).toEqual([
      ['agent:run-1', 'calendar.create', 'propose', 'the user has no calendar connected to Steward.'],
      ['agent:run-1', 'email.draft', 'propose', 'there is no message nope to reply to in the mail Steward may read.'],
      ['agent:run-1', 'email.send', 'propose', 'Steward cannot carry out email.send on alice@example.test (Mail (IMAP)).'],
    ]);
    expect(refused[2]?.summary).toMatch(/^email_send \(to=\["x@y.example"\], subject="s", body="b"\): not proposed, Steward cannot carry out email.send/);
  });

  it('searches, reads and lists what the user works on in the granted folders, past the gate, and never reads through a link out', async () => {
    const { parts, broker: b } = await broker();
    const temp = tempFolders();
    const projects = temp.folder('Projects');
    const outside = temp.folder('Elsewhere');
    writeFileSync(join(outside, 'secret.md'), 'launch codes: swordfish');
    mkdirSync(join(projects, 'Alpha'));
    writeFileSync(join(projects, 'Alpha', 'plan.md'), '# Alpha plan\nShip the launch checklist by Friday.');
    symlinkSync(join(outside, 'secret.md'), join(projects, 'Alpha', 'notes.md'));
    // Edited a day before the parts' clock says it is now.
    const edited = new Date(parts.clock.now().getTime() - 86_400_000);
    utimesSync(join(projects, 'Alpha', 'plan.md'), edited, edited);
    const watcher = await grantAndWatch(parts, projects);
    try {
      const found = await b.read({ runId: 'r', tool: 'files_search', capability: 'files.read', args: { query: 'launch', limit: 10 }, signal });
      expect(found.ok && found.items.map((item) => item.fields.path)).toEqual(['Projects/Alpha/plan.md']);
      const fileId = found.ok ? (found.items[0]?.fields.fileId ?? '') : '';
      const read = await b.read({ runId: 'r', tool: 'files_read', capability: 'files.read', args: { fileId, maxChars: 1000 }, signal });
      expect(read).toMatchObject({ ok: true, items: [{ body: '# Alpha plan\nShip the launch checklist by Friday.' }] });
      expect(await b.read({ runId: 'r', tool: 'files_search', capability: 'files.read', args: { query: 'swordfish', limit: 10 }, signal })).toMatchObject({ ok: true, items: [] });
      const working = await b.read({ runId: 'r', tool: 'files_working_on', capability: 'files.read', args: { days: 7 }, signal });
      expect(working.ok && working.items.map((item) => item.fields.project)).toEqual(['Projects/Alpha']);
      // Each read went past the gate and is in the ledger.
      expect(parts.ledger.list({ limit: 10 }).filter((e) => e.detail.stage === 'read' && e.capability === 'files.read')).toHaveLength(4);
      await parts.handlers.setGrant({ app: 'folders', capability: 'files.read', mode: 'deny' }, 'user:ui');
      expect(await b.read({ runId: 'r', tool: 'files_search', capability: 'files.read', args: { query: 'launch', limit: 10 }, signal })).toMatchObject({ ok: false, error: expect.stringMatching(/not allowed Steward to read files/) as string });
    } finally {
      await watcher.stop();
      temp.cleanup();
    }
  });

  it('narrows a read under a scoped Allow to the granted folders, and refuses one that names another, with why', async () => {
    const { parts, broker: b } = await broker();
    const asked = message({ at, subject: 'Q3 contract', bodyText: 'Can you sign the contract?' });
    const answered = sentAnswer(asked, { at: new Date(at.getTime() + 60_000), bodyText: 'Signed contract attached.' });
    parts.deliver(asked, answered);
    const search = (args: Record<string, unknown>) => b.read({ runId: 'r', tool: 'email_search', capability: 'email.read', args: { limit: 10, ...args }, signal });
    // Without a scope, both folders.
    const all = await search({ query: 'contract' });
    expect(all.ok && all.items.map((item) => item.fields.subject)).toEqual(['Re: Q3 contract', 'Q3 contract']);

    await parts.handlers.setGrant({ app: 'imap', capability: 'email.read', mode: 'allow', scope: { folders: ['INBOX'], calendars: [], pathRoots: [] } }, 'user:ui');
    const narrowed = await search({ query: 'contract' });
    expect(narrowed.ok && narrowed.items.map((item) => item.fields.subject)).toEqual(['Q3 contract']);
    const [entry] = parts.ledger.list({ limit: 1 });
    expect(entry).toMatchObject({ kind: 'gate.allowed', detail: { stage: 'read', within: { folders: ['INBOX'] } } });
    expect(entry?.summary).toMatch(/You allowed Read mail \(email\.read\) in Mail \(IMAP\), only in INBOX: it sees only what that covers\.$/);

    // The thread read from INBOX leaves the user's Sent out.
    const id = narrowed.ok ? (narrowed.items[0]?.id ?? '') : '';
    const thread = await b.read({ runId: 'r', tool: 'email_read_thread', capability: 'email.read', args: { messageId: id, maxMessages: 10 }, signal });
    expect(thread.ok && thread.items.map((item) => item.fields.subject)).toEqual(['Q3 contract']);

    expect(await search({ query: 'contract', folder: 'Sent' })).toEqual({
      ok: false,
      error: 'Read mail (email.read) in Mail (IMAP) is not allowed there: your Allow does not cover it (it reads in Sent, outside INBOX). So email_search cannot answer there; leave the place out to read where the user allowed.',
    });
    expect(parts.ledger.list({ limit: 1 })[0]).toMatchObject({ kind: 'gate.denied', detail: { stage: 'read', decision: 'deny' } });
    const sentId = all.ok ? (all.items[0]?.id ?? '') : '';
    expect(await b.read({ runId: 'r', tool: 'email_read_thread', capability: 'email.read', args: { messageId: sentId, maxMessages: 10 }, signal })).toMatchObject({ ok: false, error: expect.stringMatching(/it reads in Sent, outside INBOX/) as string });
  });

  it('narrows file reads under a root-scoped Allow to the granted roots', async () => {
    const { parts, broker: b } = await broker();
    const temp = tempFolders();
    const projects = temp.folder('Projects');
    const other = temp.folder('Other');
    writeFileSync(join(projects, 'plan.md'), 'launch plan');
    writeFileSync(join(other, 'notes.md'), 'launch notes');
    await parts.folders.add({ path: other }, 'user:cli');
    const watcher = await grantAndWatch(parts, projects);
    try {
      const search = (args: Record<string, unknown>) => b.read({ runId: 'r', tool: 'files_search', capability: 'files.read', args: { query: 'launch', limit: 10, ...args }, signal });
      const all = await search({});
      expect(all.ok && all.items.map((item) => item.fields.path).sort()).toEqual(['Other/notes.md', 'Projects/plan.md']);
      const otherFile = all.ok ? (all.items.find((item) => item.fields.path === 'Other/notes.md')?.fields.fileId ?? '') : '';
      const roots = parts.folders.account()?.settings as { roots: { id: string; name: string }[] };
      const projectsRoot = roots.roots.find((root) => root.name === 'Projects')?.id ?? '';
      await parts.handlers.setGrant({ app: 'folders', capability: 'files.read', mode: 'allow', scope: { folders: [], calendars: [], pathRoots: [projectsRoot] } }, 'user:ui');

      const narrowed = await search({});
      expect(narrowed.ok && narrowed.items.map((item) => item.fields.path)).toEqual(['Projects/plan.md']);
      expect(await search({ folder: 'Other' })).toMatchObject({ ok: false, error: expect.stringMatching(/Read files \(files\.read\) in Folders is not allowed there: your Allow does not cover it \(it reads in .+, outside .+\)/) as string });
      expect(await b.read({ runId: 'r', tool: 'files_read', capability: 'files.read', args: { fileId: otherFile, maxChars: 100 }, signal })).toMatchObject({ ok: false, error: expect.stringMatching(/not allowed there/) as string });
    } finally {
      await watcher.stop();
      temp.cleanup();
    }
  });
});
