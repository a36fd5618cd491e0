/**
 * The agent's calendar_update and calendar_cancel, end to end on a real Radicale: the broker an
 * agent run gets (with the engine's real proposer behind it) plans the call into a suggestion;
 * nothing changes on the server until the user approves it; approval changes the event there,
 * and undo puts it back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EngineToolBroker } from '../../electron/engine/agent/broker/engine-broker.js';
import { createReadToolProviders } from '../../electron/engine/agent/broker/read-tools.js';
import { createWritePlanners } from '../../electron/engine/agent/broker/write-plans.js';
import { TriageStore } from '../../electron/engine/agent/jobs/triage-store.js';
import { MailQueries } from '../../electron/engine/agent/mail/mail-queries.js';
import { AgentProposer } from '../../electron/engine/agent/proposals/agent-proposer.js';
import type { ProposedStep } from '../../electron/engine/agent/tool-broker.js';
import { systemClock } from '../../electron/engine/clock.js';
import { composeEngine, type EngineParts } from '../../electron/engine/compose.js';
import { openDatabase } from '../../electron/engine/db/database.js';
import type { MailItem } from '../../electron/engine/items/mail/mail-item.js';
import { engineSchema } from '../../electron/engine/schema.js';
import { MemorySecretStore } from '../../electron/engine/secrets/memory-secret-store.js';
import { planProposal } from '../../electron/engine/suggestions/planner.js';
import { createCalDavUser, type CalDavUser } from '../fixtures.js';
import { getIcs, makeCalendar, putIcs } from '../servers/radicale.js';
import { waitUntil } from '../wait-until.js';

const ME = 'emma.johnson@bluesparrowtech.com';
const ZONE = 'Europe/Berlin';

let parts: EngineParts | null = null;
afterEach(async () => {
  if (!parts) return;
  parts.scheduler.stop();
  await parts.runner.idle(5_000);
  await parts.accountService.stopAll();
  parts.db.close();
  parts = null;
});

/** An event a week ahead, at 10:00 in Berlin, so it is among the coming ones whatever today is. */
function eventIcs(uid: string, summary: string, day: string, extra: string[] = []): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Other app//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20240514T120000Z', `DTSTART;TZID=${ZONE}:${day}T100000`, `DTEND;TZID=${ZONE}:${day}T110000`, `SUMMARY:${summary}`, ...extra, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
}

function aWeekAhead(): string {
  return new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
}

async function engineWith(user: CalDavUser): Promise<EngineParts> {
  const engine = composeEngine({ db: openDatabase(':memory:', engineSchema()), clock: systemClock, secrets: new MemorySecretStore(), mode: 'host', watch: true });
  parts = engine;
  engine.config.set('user.timeZone', ZONE);
  await engine.handlers.addAccount({ kind: 'caldav', url: user.url, username: user.user, password: user.password, email: ME }, 'user:test');
  await waitUntil('the calendar synced', () => ((engine.db.prepare("SELECT count(*) AS n FROM items WHERE kind = 'event' AND present = 1").get() as { n: number }).n >= 2 ? true : undefined), 30_000);
  return engine;
}

function brokerFor(engine: EngineParts): EngineToolBroker {
  const mail = new MailQueries(engine.db, engine.stores.mail as unknown as { getMany(ids: readonly string[]): MailItem[] });
  const proposals = new AgentProposer({ db: engine.db, proposer: engine.proposer, suggestions: engine.suggestions, triage: new TriageStore(engine.db, engine.clock) });
  return new EngineToolBroker(
    {
      accounts: engine.accounts,
      ledger: engine.ledger,
      gate: engine.gate,
      grants: engine.grants,
      readTools: createReadToolProviders({ mail, db: engine.db, now: () => engine.clock.now(), calendar: null }),
      writePlanners: createWritePlanners({ mail, db: engine.db, now: () => engine.clock.now(), timeZone: () => ZONE }),
      plan: planProposal,
    },
    'job-calendar',
    (planned) => proposals.proposeStep(planned, { runId: 'run-1', job: 'review', model: 'model-standin' }),
  );
}

function call(capability: ProposedStep['capability'], args: Record<string, unknown>): ProposedStep {
  return { runId: 'run-1', toolUseId: `toolu_${capability}`, tool: capability.replace('.', '_'), capability, args, reason: 'You asked to tidy your week.', provenance: { runId: 'run-1', untrustedItemIds: [] } };
}

function itemIdOf(engine: EngineParts, href: string): string {
  return (engine.db.prepare("SELECT id FROM items WHERE kind = 'event' AND external_id = ?").get(href) as { id: string }).id;
}

/** A property line of the event itself (Radicale adds a VTIMEZONE, which has DTSTART lines of its own). */
function line(ics: string | undefined, name: string): string | undefined {
  const vevent = /BEGIN:VEVENT[\s\S]*?END:VEVENT/.exec(ics ?? '')?.[0] ?? '';
  return vevent.split(/\r?\n/).find((l) => l.startsWith(name));
}

describe('the agent’s calendar changes on a real CalDAV server', () => {
  it('moves an event only once the user approves, and undo puts it back', async () => {
    const user = await createCalDavUser();
    const calendarUrl = await makeCalendar(user, 'work', 'Work');
    const day = aWeekAhead();
    const { url } = await putIcs(user, calendarUrl, 'dentist.ics', eventIcs('dentist@example.org', 'Dentist', day));
    await putIcs(user, calendarUrl, 'gym.ics', eventIcs('gym@example.org', 'Gym', day));
    const engine = await engineWith(user);

    const start = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}T15:00:00+01:00`;
    expect(await brokerFor(engine).reviewProposal(call('calendar.update', { eventId: itemIdOf(engine, url), start }))).toEqual({ accepted: true });
    const suggestion = (await engine.handlers.listSuggestions({ include: 'open' }, 'user:ui')).find((s) => s.kind === 'agent' && s.status === 'pending');
    expect(suggestion?.actions[0]).toMatchObject({ capability: 'calendar.update', app: 'caldav' });
    // Proposed, not done: the server still has 10:00.
    expect(line((await getIcs(user, url))?.ics, 'DTSTART')).toBe(`DTSTART;TZID=${ZONE}:${day}T100000`);

    const approved = await engine.handlers.approveSuggestion({ id: suggestion?.id ?? '' }, 'user:ui');
    expect(approved.status).toBe('done');
    const moved = (await getIcs(user, url))?.ics;
    expect(line(moved, 'DTSTART')).toMatch(new RegExp(`^DTSTART;TZID=${ZONE}:${day}T1[56]0000$`));
    expect(line(moved, 'DTEND')).toMatch(new RegExp(`^DTEND;TZID=${ZONE}:${day}T1[67]0000$`));

    await engine.handlers.undo({ id: suggestion?.id ?? '' }, 'user:ui');
    expect(line((await getIcs(user, url))?.ics, 'DTSTART')).toBe(`DTSTART;TZID=${ZONE}:${day}T100000`);
  });

  it('cancels an event the user organises once approved (kept, marked cancelled), and undo restores it', async () => {
    const user = await createCalDavUser();
    const calendarUrl = await makeCalendar(user, 'work', 'Work');
    const day = aWeekAhead();
    const { url } = await putIcs(user, calendarUrl, 'focus.ics', eventIcs('focus@example.org', 'Focus block', day, [`ORGANIZER:mailto:${ME}`]));
    await putIcs(user, calendarUrl, 'gym.ics', eventIcs('gym@example.org', 'Gym', day));
    const engine = await engineWith(user);

    expect(await brokerFor(engine).reviewProposal(call('calendar.cancel', { eventId: itemIdOf(engine, url) }))).toEqual({ accepted: true });
    const suggestion = (await engine.handlers.listSuggestions({ include: 'open' }, 'user:ui')).find((s) => s.kind === 'agent' && s.status === 'pending');
    expect(suggestion?.actions[0]).toMatchObject({ capability: 'calendar.cancel', app: 'caldav', preview: { change: 'Cancelled in your calendar.' } });
    expect(line((await getIcs(user, url))?.ics, 'STATUS')).toBeUndefined();

    expect((await engine.handlers.approveSuggestion({ id: suggestion?.id ?? '' }, 'user:ui')).status).toBe('done');
    expect(line((await getIcs(user, url))?.ics, 'STATUS')).toBe('STATUS:CANCELLED');

    await engine.handlers.undo({ id: suggestion?.id ?? '' }, 'user:ui');
    expect(line((await getIcs(user, url))?.ics, 'STATUS')).toBeUndefined();
  });
});
