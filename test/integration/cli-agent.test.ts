/**
 * The agent from a terminal, with the built `steward` against a running host, the run's real
 * keychain and Dovecot, and the Messages API stand-in: the key goes in on stdin (never on the
 * command line, never printed), the model is pointed at the stand-in, a question is triaged and
 * answered with a draft, `steward runs` lists the runs, `steward status --json` shows today's
 * spend against the budget, and `steward memory` keeps and forgets preferences.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentRunView, ModelSettingsView, Preference } from '../../shared/domain/agent.js';
import type { EngineStatus, Suggestion } from '../../shared/domain/types.js';
import { scriptedModel } from '../agent/scripted-model.js';
import { createImapUser, deliver, question, tempDataDir } from '../engine-fixture.js';
import { startModelStandin, type ModelStandin } from '../servers/model-standin.js';
import { waitUntil } from '../wait-until.js';

const bin = fileURLToPath(new URL('../../bin/steward.js', import.meta.url));
const built = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url));
const KEY = 'sk-ant-cli-key-0123456789';

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function steward(dataDir: string, args: readonly string[], stdin?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '--data-dir', dataDir, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: withoutAnthropic() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

async function json<T>(dataDir: string, args: readonly string[]): Promise<T> {
  const result = await steward(dataDir, [...args, '--json']);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as T;
}

/** The test's own environment, without a key or endpoint that could reach a real API. */
function withoutAnthropic(): NodeJS.ProcessEnv {
  const { ANTHROPIC_API_KEY: _key, ANTHROPIC_BASE_URL: _url, ...rest } = process.env;
  return rest;
}

describe('the agent from the steward command', () => {
  let dataDir = '';
  let host: ChildProcess | null = null;
  let standin: ModelStandin;

  beforeAll(async () => {
    if (!existsSync(built)) throw new Error('The CLI is not built: run `npm run build` first (npm test does).');
    standin = await startModelStandin({ apiKey: KEY });
    standin.respondWith(scriptedModel());
    dataDir = tempDataDir();
    host = spawn(process.execPath, [bin, '--data-dir', dataDir, 'host'], { stdio: ['ignore', 'pipe', 'pipe'], env: withoutAnthropic() });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      host?.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve();
      });
      host?.on('exit', (code) => reject(new Error(`steward host exited with ${code}`)));
    });
  });

  afterAll(async () => {
    if (host && host.exitCode === null) {
      host.kill('SIGTERM');
      await new Promise((resolve) => host?.once('exit', resolve));
    }
    await standin.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes the key on stdin only, never prints it, and shows where each setting comes from', async () => {
    const before = await steward(dataDir, ['status']);
    expect(before.stdout).toMatch(/\nModel: off \(no API key\) · 0 of 1M tokens today \(≈ \$0\.00\)\n {2}No API key: Steward runs on its detectors only\./);

    const onCommandLine = await steward(dataDir, ['config', 'set', 'model.apiKey', KEY]);
    expect(onCommandLine.code).toBe(1);
    expect(onCommandLine.stderr).toMatch(/^steward: model\.apiKey is a secret: a value typed on the command line stays in your shell history/);

    const bad = await steward(dataDir, ['config', 'set', 'model.apiKey', '--stdin'], 'two words\n');
    expect(bad.stderr).toMatch(/That does not look like an API key/);

    expect((await steward(dataDir, ['config', 'set', 'model.apiKey', '--stdin'], `${KEY}\n`)).stdout).toBe('model.apiKey saved in the secret store; Steward can now use the model.\n');
    expect((await steward(dataDir, ['config', 'set', 'model.baseUrl', standin.url])).stdout).toBe(`model.baseUrl = ${standin.url}\n`);
    const unsafe = await steward(dataDir, ['config', 'set', 'model.baseUrl', 'http://192.168.1.5:8080']);
    expect(unsafe.stderr).toMatch(/Plain http would send your API key unencrypted to 192\.168\.1\.5/);
    expect((await steward(dataDir, ['config', 'set', 'budget.dailyTokens', '500k'])).stdout).toBe('budget.dailyTokens = 500000\n');

    const model = await json<ModelSettingsView>(dataDir, ['model']);
    expect(model).toMatchObject({ apiKey: { set: true, source: 'keychain' }, baseUrl: { value: standin.url, source: 'setting' }, dailyTokens: 500_000, triageModel: 'claude-haiku-5-5' });
    const listing = await steward(dataDir, ['config']);
    expect(listing.stdout).toContain('model.apiKey');
    expect(listing.stdout).toContain('(secret: see `steward model`)');
    for (const output of [listing.stdout, (await steward(dataDir, ['model'])).stdout, JSON.stringify(model), (await steward(dataDir, ['ledger'])).stdout]) {
      expect(output).not.toContain(KEY);
    }
  }, 120_000);

  it('triages and drafts on its own, and shows the runs and today’s spend', async () => {
    const user = await createImapUser();
    const added = await steward(
      dataDir,
      ['accounts', 'add', 'imap', '--email', user.email, '--host', user.server.host, '--port', String(user.server.port), '--no-tls', '--user', user.user, '--name', 'Alice Martin', '--password-stdin'],
      `${user.password}\n`,
    );
    expect(added.code).toBe(0);
    await deliver(user, question());
    const reply = await waitUntil(
      'the model’s reply draft',
      async () => (await json<Suggestion[]>(dataDir, ['suggestions'])).find((s) => s.origin.kind === 'agent'),
      30_000,
    );
    expect(reply).toMatchObject({ kind: 'reply', title: 'Reply to Bob Chen about Q3 contract', origin: { kind: 'agent', job: 'draft_reply', reason: 'They asked a direct question and are waiting for your answer.' } });
    const human = await steward(dataDir, ['suggestions']);
    expect(human.stdout).toContain('Reply to Bob Chen about Q3 contract');

    const runs = await waitUntil('both runs done', async () => {
      const list = await json<AgentRunView[]>(dataDir, ['runs']);
      return list.length === 2 && list.every((run) => run.status === 'done') ? list : undefined;
    }, 30_000);
    // Bob asked a question: the draft came first, then the triage of the new mail.
    expect(runs.map((run) => [run.job, run.status, run.trigger])).toEqual([
      ['triage', 'done', 'item.new'],
      ['draft_reply', 'done', 'item.new'],
    ]);
    expect(runs[0]?.tokens.input).toBeGreaterThan(0);
    expect((await steward(dataDir, ['runs'])).stdout).toMatch(/^ID +WHEN +JOB +TRIGGER +MODEL +TOKENS +COST +STATUS\n.*triage +item\.new +claude-haiku-5-5.*\n.*draft_reply +item\.new +claude-sonnet-5-5/);
    expect(await json<AgentRunView[]>(dataDir, ['runs', '--job', 'triage'])).toHaveLength(1);
    const wrongJob = await steward(dataDir, ['runs', '--job', 'dance']);
    expect(wrongJob.stderr).toMatch(/There is no job "dance"/);

    const status = await json<EngineStatus>(dataDir, ['status']);
    expect(status.agent).toMatchObject({ keySet: true, today: { budgetTokens: 500_000, calls: runs.reduce((sum, run) => sum + run.modelCalls, 0), exhausted: false } });
    expect(status.agent.today.tokens).toBe(runs.reduce((sum, run) => sum + run.tokens.input + run.tokens.output + run.tokens.cacheRead + run.tokens.cacheWrite, 0));
    expect(status.agent.today.costUsd).toBeGreaterThan(0);
  }, 120_000);

  it('keeps preferences the user writes, lists, edits and forgets them', async () => {
    expect((await steward(dataDir, ['memory'])).stdout).toMatch(/^Steward keeps no preferences yet\./);
    expect((await steward(dataDir, ['memory', 'add', 'Sign', 'replies', 'with', 'just', 'A.'])).stdout).toBe('Kept in mind: Sign replies with just A.\n');
    const [kept] = await json<Preference[]>(dataDir, ['memory']);
    expect(kept).toMatchObject({ source: 'user', text: 'Sign replies with just A.' });
    expect((await steward(dataDir, ['memory', 'edit', kept?.id.slice(0, 8) ?? '', 'Sign', 'with', 'Alice.'])).stdout).toBe('Changed: Sign with Alice.\n');
    expect((await steward(dataDir, ['memory', 'delete', kept?.id ?? ''])).stdout).toBe('Forgotten.\n');
    expect(await json<Preference[]>(dataDir, ['memory'])).toEqual([]);
  }, 120_000);
});
