// The agent end to end, in the real engine against the run's Dovecot and keychain, with the
// model client talking HTTP to the Messages API stand-in:
// - a question arrives → triage → a model-written reply is proposed → edited → approved → the
//   draft is in Drafts, with the user's words;
// - the model is unreachable → the status says so in words, and the detectors still propose;
// - the kill switch aborts a streaming call: the stand-in sees the connection closed within
//   100 ms, and the job runs again after the resume;
// - a restart in the middle of a job (a clean stop, and a crash's leftovers) resumes it once.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EngineApi } from '../../shared/api/contract.js';
import type { Suggestion } from '../../shared/domain/types.js';
import { KeychainSecretStore } from '../../electron/engine/secrets/secret-store.js';
import { accountInput, createImapUser, deliver, question, startTestEngine, type EngineHarness } from '../engine-fixture.js';
import { listMessages, withPeer } from '../servers/imap-peer.js';
import { startModelStandin, toolUseReply, type ModelStandin, type StandinRequest } from '../servers/model-standin.js';
import { waitUntil } from '../wait-until.js';
import { FAST_RETRIES } from './agent-parts.js';
import { scriptedModel } from './scripted-model.js';

const KEY = 'sk-ant-e2e-key';
let standin: ModelStandin;
let harness: EngineHarness | null = null;
const keychains: KeychainSecretStore[] = [];

beforeAll(async () => {
  standin = await startModelStandin({ apiKey: KEY, minCacheableTokens: 300 });
});
afterAll(() => standin.stop());
beforeEach(() => standin.reset());
afterEach(async () => {
  await harness?.dispose();
  harness = null;
  for (const keychain of keychains.splice(0)) await keychain.delete('anthropic.apiKey').catch(() => undefined);
});

/** A real engine whose secrets live under a keychain service of its own, pointed at the stand-in. */
async function engineWithModel(baseUrl = standin.url): Promise<{ api: EngineApi; harness: EngineHarness }> {
  const secrets = new KeychainSecretStore(`Steward-agent-e2e-${randomUUID()}`);
  keychains.push(secrets);
  harness = startTestEngine({ secrets, agent: { env: {}, retry: FAST_RETRIES } });
  const api = harness.engine.apiFor('ui');
  await api.setConfig({ key: 'model.baseUrl', value: baseUrl });
  await api.setConfig({ key: 'interruptions.quietHours', value: null });
  await api.setApiKey({ apiKey: KEY });
  return { api, harness };
}

const fromModel = (list: readonly Suggestion[]) => list.find((s) => s.kind === 'reply' && s.origin.kind === 'agent');
const drafting = (request: StandinRequest) => ((request.body?.tools ?? []) as { name: string }[]).some((tool) => tool.name === 'email_draft');

describe('the agent against the real servers', () => {
  it('a question arrives → triage → a model-written reply → edited → approved → the draft is in Drafts', async () => {
    standin.respondWith(scriptedModel({ draftBody: () => 'Hi Bob,\n\nYes, I will send the signed contract by Friday.\n\nBest,\nAlice' }));
    const { api } = await engineWithModel();
    const user = await createImapUser();
    await api.addAccount(accountInput(user));
    // Asked without a question mark: the detectors see nothing; triage sees that it needs a reply.
    await deliver(user, question({ text: 'Hi Alice,\n\nI still need the signed contract from you by Friday.\n\nThanks,\nBob' }));

    const reply = await waitUntil('the model’s reply', async () => fromModel(await api.listSuggestions()), 20_000);
    expect(reply).toMatchObject({
      title: 'Reply to Bob Chen about Q3 contract',
      why: 'Bob Chen wrote about Q3 contract.',
      origin: { kind: 'agent', job: 'draft_reply', reason: 'They asked a direct question and are waiting for your answer.' },
      actions: [{ capability: 'email.draft', status: 'proposed', preview: { kind: 'draft', subject: 'Re: Q3 contract', body: expect.stringContaining('signed contract by Friday') as string } }],
    });
    expect((await api.listRuns()).map((run) => run.job)).toEqual(['draft_reply', 'triage']);
    // Nothing written yet.
    expect(await listMessages(user.server, user, 'Drafts')).toEqual([]);

    const edited = await api.editSuggestion({ id: reply?.id ?? '', revision: reply?.revision, body: 'Hi Bob,\n\nSigned copy coming Thursday.\n\nAlice' });
    // An approval of what was shown before the edit is refused.
    await expect(api.approveSuggestion({ id: edited.id, revision: reply?.revision })).rejects.toThrow(/changed since you saw it/);
    const done = await api.approveSuggestion({ id: edited.id, revision: edited.revision });
    expect(done.status).toBe('done');

    const drafts = await listMessages(user.server, user, 'Drafts');
    expect(drafts.map((m) => m.subject)).toEqual(['Re: Q3 contract']);
    const source = await withPeer(user.server, user, async (client) => {
      await client.mailboxOpen('Drafts', { readOnly: true });
      const message = await client.fetchOne('*', { source: true });
      return message ? message.source?.toString('utf8') ?? '' : '';
    });
    expect(source).toContain('Signed copy coming Thursday.');
    expect(source).not.toContain('I will send the signed contract by Friday');
    expect(source).toMatch(/^In-Reply-To: <q-/m);
    const ledger = await api.listLedger({ limit: 200 });
    expect(ledger.map((e) => e.kind)).toEqual(expect.arrayContaining(['suggestion.edited', 'suggestion.approved', 'action.executed']));
  });

  it('says in words that the model is unreachable, and the detectors still work', async () => {
    const port = await closedPort();
    const { api } = await engineWithModel(`http://127.0.0.1:${port}`);
    const user = await createImapUser();
    await api.addAccount(accountInput(user));
    await deliver(user, question());
    const template = await waitUntil('the detector’s reply', async () => (await api.listSuggestions()).find((s) => s.kind === 'reply'));
    expect(template.origin).toEqual({ kind: 'detector' });
    const status = await waitUntil('the status to say why', async () => {
      const s = await api.getStatus();
      return s.agent.problem ? s : undefined;
    });
    // The draft for Bob's question and the triage both wait for the model.
    expect(status.agent).toMatchObject({ keySet: true, state: 'waiting', jobsQueued: 2 });
    expect(status.agent.problem).toBe(
      `Steward could not reach the model at http://127.0.0.1:${port} (tried 2 times) (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port}). Check the network connection, or the base URL in Settings → Model and budget. The detectors keep working meanwhile.`,
    );
    expect((await api.listRuns()).map((run) => [run.job, run.status])).toEqual([
      ['triage', 'failed'],
      ['draft_reply', 'failed'],
    ]);
  });

  it('aborts a streaming call the moment Steward is paused, and runs the job again after the resume', async () => {
    // The first call (the draft for Bob's question) streams a little, then stalls with the
    // connection open; later calls answer.
    standin.enqueue({ ...toolUseReply('email_draft', { to: ['bob@partner.example'], subject: 'Re', body: 'Yes.', reason: 'He asked.' }), stallAfterEvents: 3 });
    standin.respondWith(scriptedModel());
    const { api } = await engineWithModel();
    const user = await createImapUser();
    await api.addAccount(accountInput(user));
    await deliver(user, question());
    await standin.waitForEvents(0, 3, 20_000);

    const pausedAt = performance.now();
    await api.pause({ reason: 'stop it' });
    const closedAt = await standin.waitForClientClose(0);
    expect(closedAt - pausedAt).toBeLessThan(100);
    const aborted = await waitUntil('the aborted run', async () => (await api.listRuns()).find((run) => run.status === 'aborted'));
    expect(aborted).toMatchObject({ job: 'draft_reply', detail: 'Stopped: Steward was paused.' });
    expect((await api.getStatus()).agent.problem).toMatch(/^Paused: 2 job\(s\) wait until you resume\.$/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(standin.requests).toHaveLength(1);

    await api.resume();
    await waitUntil('the model’s reply after the resume', async () => fromModel(await api.listSuggestions()), 20_000);
    expect((await api.listRuns()).filter((run) => run.job === 'draft_reply').map((run) => run.status)).toEqual(['done', 'aborted']);
  });

  it('resumes a job a restart cut short, once', async () => {
    standin.enqueue({ ...toolUseReply('email_draft', { to: ['bob@partner.example'], subject: 'Re', body: 'Yes.', reason: 'He asked.' }), stallAfterEvents: 2 });
    standin.respondWith(scriptedModel());
    const { api, harness: h } = await engineWithModel();
    const user = await createImapUser();
    await api.addAccount(accountInput(user));
    await deliver(user, question());
    await standin.waitForEvents(0, 2, 20_000);

    await h.engine.stop();
    await standin.waitForClientClose(0);
    const restarted = h.restart({ agent: { env: {}, retry: FAST_RETRIES } }).apiFor('ui');
    await waitUntil('the model’s reply after the restart', async () => fromModel(await restarted.listSuggestions()), 20_000);
    expect(standin.requests.filter(drafting)).toHaveLength(2);
    expect((await restarted.listRuns()).filter((run) => run.job === 'draft_reply').map((run) => run.status)).toEqual(['done', 'aborted']);
    expect((await restarted.listSuggestions()).filter((s) => s.kind === 'reply')).toHaveLength(1);
  });

  it('resumes, once, a job a crash left running', async () => {
    standin.enqueue({ ...toolUseReply('email_draft', { to: ['bob@partner.example'], subject: 'Re', body: 'Yes.', reason: 'He asked.' }), stallAfterEvents: 2 });
    standin.respondWith(scriptedModel());
    const { api, harness: h } = await engineWithModel();
    const user = await createImapUser();
    await api.addAccount(accountInput(user));
    await deliver(user, question());
    await standin.waitForEvents(0, 2, 20_000);
    await h.engine.stop();
    // What a process killed at that moment leaves behind: the job and its run still running.
    const db = new Database(join(h.dataDir, 'steward.db'));
    db.prepare(`UPDATE agent_jobs SET state = 'running', wait_reason = NULL WHERE kind = 'draft_reply'`).run();
    db.prepare(`UPDATE agent_runs SET status = 'running', finished_at = NULL WHERE job_kind = 'draft_reply'`).run();
    db.close();

    const restarted = h.restart({ agent: { env: {}, retry: FAST_RETRIES } }).apiFor('ui');
    await waitUntil('the model’s reply after the crash', async () => fromModel(await restarted.listSuggestions()), 20_000);
    const runs = (await restarted.listRuns()).filter((run) => run.job === 'draft_reply');
    expect(runs.map((run) => run.status)).toEqual(['done', 'interrupted']);
    expect(runs[1]?.detail).toBe('Steward stopped while this run was in progress; its job runs again.');
    expect(standin.requests.filter(drafting)).toHaveLength(2);
  });
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address !== 'object') throw new Error('no port');
  return address.port;
}
