/**
 * The interruption policy in the running engine, against the real Dovecot: what notifies, what
 * waits and why, the settings that steer it, and the summary when the user comes back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/api/events.js';
import type { EngineApi } from '../../shared/api/contract.js';
import { accountInput, createImapUser, deliver, question, startTestEngine, type EngineHarness } from '../engine-fixture.js';
import { waitUntil } from '../wait-until.js';

let harness: EngineHarness | null = null;
afterEach(async () => {
  await harness?.dispose();
  harness = null;
});

/** A span of quiet hours around the current minute, in UTC. */
function quietNow(): string {
  const now = new Date();
  const hhmm = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return `${hhmm(new Date(now.getTime() - 60 * 60_000))}-${hhmm(new Date(now.getTime() + 60 * 60_000))}`;
}

async function nextReply(api: EngineApi, subject: string) {
  return waitUntil(`a reply suggestion about ${subject}`, async () => (await api.listSuggestions()).find((s) => s.title.endsWith(subject)));
}

describe('interruptions', () => {
  it('notifies, holds for quiet hours and while away, says why on the card, and sums up on return', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    const api = harness.engine.apiFor('shell');
    const events: EngineEvent[] = [];
    harness.engine.events.subscribe((event) => events.push(event));
    await api.setConfig({ key: 'user.timeZone', value: 'UTC' });
    await api.setConfig({ key: 'interruptions.quietHours', value: null });
    await api.addAccount(accountInput(user));

    await deliver(user, question({ subject: 'First' }));
    const first = await nextReply(api, 'First');
    expect(first.interruption).toMatchObject({ decision: 'notified', reason: 'notified' });
    expect(events.find((e) => e.type === 'suggestion.created' && e.suggestion.id === first.id)).toMatchObject({ suggestion: { interrupt: true } });

    await api.setConfig({ key: 'interruptions.quietHours', value: quietNow() });
    await deliver(user, question({ subject: 'Second' }));
    const second = await nextReply(api, 'Second');
    expect(second.interruption).toMatchObject({ decision: 'held', hold: 'quiet-hours', reason: expect.stringMatching(/^held: quiet hours/) as string });
    expect(events.find((e) => e.type === 'suggestion.created' && e.suggestion.id === second.id)).toMatchObject({ suggestion: { interrupt: false } });

    await api.setConfig({ key: 'interruptions.quietHours', value: null });
    await api.reportPresence({ state: 'locked' });
    await deliver(user, question({ subject: 'Third' }));
    const third = await nextReply(api, 'Third');
    expect(third.interruption).toMatchObject({ decision: 'held', hold: 'away' });
    expect(events.some((e) => e.type === 'interruptions.summary')).toBe(false);
    await api.reportPresence({ state: 'unlocked' });
    expect(events.filter((e) => e.type === 'interruptions.summary')).toEqual([
      expect.objectContaining({ type: 'interruptions.summary', count: 1, titles: [third.title] }),
    ]);

    const recent = await api.listInterruptions();
    expect(recent.map((entry) => [entry.title, entry.decision])).toEqual([
      [third.title, 'held'],
      [second.title, 'held'],
      [first.title, 'notified'],
    ]);
  });

  it('validates settings against their schema and records changes in the ledger', async () => {
    harness = startTestEngine();
    const api = harness.engine.apiFor('cli');
    await expect(api.setConfig({ key: 'interruptions.quietHours', value: '25:00-07:00' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/24-hour clock/) as string,
    });
    await expect(api.setConfig({ key: 'no.such.key', value: 1 })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/no setting "no.such.key"/) as string });
    await expect(api.setConfig({ key: 'user.timeZone', value: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'invalid_input' });
    const entry = await api.setConfig({ key: 'interruptions.perHour', value: 2 });
    expect(entry).toMatchObject({ key: 'interruptions.perHour', value: 2, default: 4, isDefault: false });
    const [latest] = await api.listLedger({ limit: 1 });
    expect(latest).toMatchObject({ kind: 'config.changed', actor: 'user:cli', summary: 'interruptions.perHour set to 2' });
    await harness.engine.stop();
    const engine = harness.restart();
    expect((await engine.apiFor('cli').getConfig()).find((e) => e.key === 'interruptions.perHour')?.value).toBe(2);
  });
});
