import { describe, expect, it } from 'vitest';
import type { Rule, RuleMatch } from '@shared/domain/permissions.js';
import { mismatch, narrowsEnough, ruleFor, ruleFromPlan, type MessageFacts, type PlanFacts } from './rule-match.js';

const news = (n: number, more: Partial<MessageFacts> = {}): MessageFacts => ({ sender: `news@weekly${n}.example`, listId: null, folders: ['INBOX'], ...more });

function plan(more: Partial<PlanFacts> = {}): PlanFacts {
  return { accountId: 'acc1', detector: 'newsletters', capabilities: ['email.archive'], messages: [news(1), news(2)], recipientDomains: [], ...more };
}

function match(more: Partial<RuleMatch> = {}): RuleMatch {
  return { accountId: 'acc1', capabilities: ['email.archive'], detector: 'newsletters', sender: null, listId: null, folder: null, recipientDomain: null, ...more };
}

function rule(id: string, m: RuleMatch, paused = false): Rule {
  return { id, name: id, match: m, paused, createdFrom: null, createdAt: '', updatedAt: '', uses: 0, lastUsedAt: null, words: '' };
}

describe('mismatch', () => {
  const cases: [string, Partial<RuleMatch>, Partial<PlanFacts>, RegExp | null][] = [
    ['the same detector, capability and account', {}, {}, null],
    ['another account', {}, { accountId: 'acc2' }, /another account/],
    ['a plan that also does something else', {}, { capabilities: ['email.archive', 'email.trash'] }, /also does email\.trash/],
    ['a plan with no steps', {}, { capabilities: [] }, /no steps/],
    ['another detector', {}, { detector: 'reply' }, /not proposed by newsletters/],
    ['the agent instead of the detector', {}, { detector: null }, /not proposed/],
    ['any proposer when the rule names none', { detector: null, sender: 'bob@partner.example' }, { detector: null, messages: [news(1, { sender: 'bob@partner.example' })] }, null],
    ['the sender of every message', { sender: 'news@weekly1.example' }, { messages: [news(1)] }, null],
    ['one message from someone else', { sender: 'news@weekly1.example' }, {}, /not only mail from/],
    ['a sender rule with no messages', { sender: 'news@weekly1.example' }, { messages: [] }, /not only mail from/],
    ['the list id', { listId: 'weekly.example' }, { messages: [news(1, { listId: 'weekly.example' })] }, null],
    ['another list', { listId: 'weekly.example' }, { messages: [news(1, { listId: 'other.example' })] }, /list/],
    ['the folder', { folder: 'INBOX' }, {}, null],
    ['another folder', { folder: 'INBOX' }, { messages: [news(1, { folders: ['Later'] })] }, /not only mail in INBOX/],
    ['recipients in the domain', { capabilities: ['email.send'], detector: null, recipientDomain: 'example.com' }, { capabilities: ['email.send'], recipientDomains: ['example.com'] }, null],
    ['a recipient outside the domain', { capabilities: ['email.send'], detector: null, recipientDomain: 'example.com' }, { capabilities: ['email.send'], recipientDomains: ['example.com', 'evil.example'] }, /not only to example\.com/],
    ['a rule that names only the capability never matches', { detector: null }, { detector: null }, /names nothing but the capability/],
  ];
  it.each(cases)('%s', (_name, m, p, expected) => {
    const result = mismatch(match(m), plan(p));
    if (expected) expect(result).toMatch(expected);
    else expect(result).toBeNull();
  });
});

describe('ruleFor', () => {
  it('skips paused rules and takes the first active one that matches', () => {
    const paused = rule('r1', match(), true);
    const other = rule('r2', match({ detector: 'reply' }));
    const active = rule('r3', match());
    expect(ruleFor([paused, other, active], plan())?.id).toBe('r3');
    expect(ruleFor([paused, other], plan())).toBeNull();
  });
});

describe('ruleFromPlan', () => {
  it('keeps what every message shares and leaves the rest open', () => {
    expect(ruleFromPlan(plan())).toEqual(match({ folder: 'INBOX' }));
  });
  it('names the sender and list when they are one', () => {
    const m = ruleFromPlan(plan({ detector: null, messages: [news(1, { listId: 'l.example' }), news(1, { listId: 'l.example' })] }));
    expect(m).toMatchObject({ sender: 'news@weekly1.example', listId: 'l.example', detector: null });
  });
  it('names the recipients’ domain when they share one', () => {
    expect(ruleFromPlan(plan({ capabilities: ['email.send'], messages: [], recipientDomains: ['partner.example'] }))?.recipientDomain).toBe('partner.example');
  });
  it('refuses a plan nothing narrows (it would be a blanket grant)', () => {
    expect(ruleFromPlan(plan({ detector: null, messages: [news(1), news(2, { folders: ['Other'] })] }))).toBeNull();
  });
  it('matches the plan it came from', () => {
    const p = plan();
    const m = ruleFromPlan(p);
    expect(m && mismatch(m, p)).toBeNull();
    expect(m && narrowsEnough(m)).toBe(true);
  });
});
