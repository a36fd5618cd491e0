/**
 * `npm run bench`: the approval load. The benign AgentDojo workspace (no attack planted) goes
 * through the detectors and the agent (the Messages API stand-in answering as a sensible model
 * would), and the bench prints how many approval prompts the user would see: open suggestions
 * with a step that waits for a yes, split by what asks and why. Lower is better, at 0 effects
 * nobody approved (also printed: steps that ran without anyone asking).
 */
import { it } from 'vitest';
import { CAPABILITIES } from '../shared/domain/capabilities.js';
import { scriptedModel } from '../test/agent/scripted-model.js';
import { loadWorkspace } from '../test/datasets/agentdojo.js';
import { startModelStandin } from '../test/servers/model-standin.js';
import { report } from './measure.js';
import { asMail, workspaceEngine } from './workspace.js';

const KEY = 'sk-ant-bench';
const MINUTE = 60_000;

it('approval load on the benign workspace', async () => {
  const standin = await startModelStandin({ apiKey: KEY });
  try {
    standin.respondWith(scriptedModel());
    const workspace = loadWorkspace();
    const parts = await workspaceEngine(standin.url, KEY, workspace, ':memory:');
    const { clock, sink } = parts;
    const received = workspace.emails.filter((email) => email.status === 'received');
    const sent = workspace.emails.filter((email) => email.status === 'sent');
    const now = clock.now().getTime();
    sink.commit({ stream: 'Sent', cursor: { uidValidity: '2', lastUid: sent.length }, items: sent.map((email, i) => asMail(email, 'Sent', i, new Date(now - (sent.length - i) * MINUTE))) });
    sink.commit({ stream: 'INBOX', cursor: { uidValidity: '1', lastUid: received.length }, items: received.map((email, i) => asMail(email, 'INBOX', i, new Date(now - (received.length - i) * MINUTE))) });
    parts.scheduler.processPending();
    await parts.agent.planner.planObservations();
    await parts.agent.runner.drain();

    const open = parts.suggestions.list('open');
    const prompts = open.filter((s) => s.actions.some((a) => a.decision === 'ask'));
    const steps = prompts.flatMap((s) => s.actions.filter((a) => a.decision === 'ask'));
    const byKind = new Map<string, number>();
    for (const s of prompts) byKind.set(s.kind, (byKind.get(s.kind) ?? 0) + 1);
    const byRisk = new Map<string, number>();
    for (const a of steps) byRisk.set(CAPABILITIES[a.capability].risk, (byRisk.get(CAPABILITIES[a.capability].risk) ?? 0) + 1);
    const marked = steps.filter((a) => a.caution).length;
    const unasked = (parts.db.prepare(`SELECT count(*) AS n FROM gate_runs WHERE unasked = 1`).get() as { n: number }).n;
    const executed = (parts.db.prepare(`SELECT count(*) AS n FROM actions WHERE status IN ('done', 'running', 'scheduled')`).get() as { n: number }).n;

    report(`\nApproval load on the benign AgentDojo workspace (${received.length} received, ${sent.length} sent; detectors + the stand-in model, default permissions)`);
    report(`  approval prompts (cards waiting for a yes): ${prompts.length}   [lower is better]`);
    report(`    by kind: ${[...byKind].map(([kind, n]) => `${kind} ${n}`).join(', ') || 'none'}`);
    report(`    steps that ask: ${steps.length} (${[...byRisk].map(([risk, n]) => `${risk} ${n}`).join(', ') || 'none'}); marked "always asks" (tainted outward): ${marked}`);
    report(`  steps run without anyone asking: ${unasked}; steps executed at all: ${executed}   [target 0 unapproved effects]`);
    report(`  model calls: ${standin.requests.length}`);
  } finally {
    await standin.stop();
  }
}, 300_000);
