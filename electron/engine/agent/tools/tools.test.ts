import { describe, expect, it } from 'vitest';
import { JOB_PROFILES } from '../job-profiles.js';
import { emailDraft, emailSearch } from './email-tools.js';
import { calendarCreate } from './calendar-tools.js';
import { reportTriage } from './result-tools.js';
import { CAPABILITY_TOOLS, toolByName } from './tool-catalog.js';
import { apiInputSchema, toApiTool, toolNameFor, type AgentCapabilityId } from './tool-spec.js';

const BRIEF_CAPABILITIES: AgentCapabilityId[] = [
  'email.read', 'email.draft', 'email.send', 'email.archive', 'email.move', 'email.label', 'email.markRead', 'email.trash',
  'calendar.read', 'calendar.create', 'calendar.update', 'calendar.respond', 'calendar.cancel',
  'files.read', 'files.create', 'files.move', 'files.rename', 'files.trash',
];

describe('the tool definitions', () => {
  it('cover every capability of the brief, and nothing else', () => {
    expect(new Set(CAPABILITY_TOOLS.map((tool) => ('capability' in tool ? tool.capability : null)))).toEqual(new Set(BRIEF_CAPABILITIES));
  });

  it('name each write tool after its capability, with . replaced by _', () => {
    for (const tool of CAPABILITY_TOOLS) {
      if (tool.effect === 'write') expect(tool.name).toBe(tool.capability.replace('.', '_'));
      if (tool.effect === 'read') expect(tool.name.startsWith(`${tool.capability.split('.')[0]}_`)).toBe(true);
    }
    expect(toolNameFor('email.markRead')).toBe('email_markRead');
    expect(CAPABILITY_TOOLS.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(['email_search', 'email_read_thread', 'email_draft', 'email_send', 'calendar_list_events', 'files_search']),
    );
  });

  it('are valid for the API: names, object schemas, no $schema, unique', () => {
    const names = new Set<string>();
    for (const tool of [...CAPABILITY_TOOLS, reportTriage]) {
      const api = toApiTool(tool);
      expect(api.name).toMatch(/^[a-zA-Z0-9_-]{1,128}$/);
      expect(names.has(api.name)).toBe(false);
      names.add(api.name);
      expect(api.input_schema.type).toBe('object');
      expect(JSON.stringify(api.input_schema)).not.toContain('$schema');
      expect(api.description?.length).toBeGreaterThan(20);
    }
  });

  it('require a one-line reason on every write, and only there', () => {
    for (const tool of CAPABILITY_TOOLS) {
      const required = apiInputSchema(tool.input).required ?? [];
      expect(required.includes('reason')).toBe(tool.effect === 'write');
    }
  });

  it('leave out regex patterns where a format says it (tokens in every prompt)', () => {
    const schema = JSON.stringify(apiInputSchema(calendarCreate.input));
    expect(schema).toContain('"format":"date-time"');
    expect(schema).not.toContain('pattern');
  });

  it('give the same bytes every time (the prompt cache depends on it)', () => {
    expect(JSON.stringify(toApiTool(emailDraft))).toBe(JSON.stringify(toApiTool(emailDraft)));
    expect(apiInputSchema(emailDraft.input)).toBe(apiInputSchema(emailDraft.input));
  });

  it('check the model’s input against the schema', () => {
    expect(emailDraft.input.safeParse({ to: ['bob@example.com'], subject: 'Re: figures', body: 'Here they are.', reason: 'Bob asked for the figures.' }).success).toBe(true);
    expect(emailDraft.input.safeParse({ to: ['not an address'], subject: 's', body: 'b', reason: 'why not' }).success).toBe(false);
    expect(emailDraft.input.safeParse({ to: ['bob@example.com'], subject: 's', body: 'b' }).success).toBe(false);
    expect(emailDraft.input.safeParse({ to: ['bob@example.com'], subject: 's', body: 'b', reason: 'r r', bcc: ['x@y.z'] }).success).toBe(false);
    expect(emailSearch.input.parse({ query: 'invoice' })).toEqual({ query: 'invoice', limit: 10 });
    expect(calendarCreate.input.safeParse({ title: 't', start: '2026-11-25T14:00:00+01:00', end: '2026-11-25 15:00', reason: 'a meeting' }).success).toBe(false);
  });

  it('offer every job only tools that exist, and triage nothing that writes', () => {
    for (const profile of Object.values(JOB_PROFILES)) {
      for (const tool of profile.tools) expect(toolByName(tool.name)).toBe(tool);
    }
    expect(JOB_PROFILES.triage.tools.some((tool) => tool.effect === 'write')).toBe(false);
    expect(JOB_PROFILES.meeting_prep.tools.some((tool) => tool.effect === 'write')).toBe(false);
    expect(JOB_PROFILES.review.tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['email_draft', 'calendar_create', 'calendar_respond', 'files_create']));
  });
});
