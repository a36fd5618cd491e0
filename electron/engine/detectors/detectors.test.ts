import { describe, expect, it } from 'vitest';
import { planImap } from '../connectors/imap/planner.js';
import type { MailItem } from '../items/mail/mail-item.js';
import { planProposal } from '../suggestions/planner.js';
import { baseSubject, bulkSignals, findQuestion, isNoReplyAddress, ownText } from './mail-signals.js';
import { BULK_FLAG_THRESHOLD, isNewsletter, newslettersProposal } from './newsletters.js';
import { needsReply, replyProposal } from './needs-reply.js';
import { account, mailItem } from './testing/mail-item.js';

const now = new Date('2026-11-25T10:00:00Z');

/** A message from Bob that asks Alice a question, changed by what a test gives. */
function mail(over: Partial<MailItem> = {}): MailItem {
  return mailItem({ bodyText: 'Hi Alice,\n\nCan you send me the signed contract by Friday?\n\nThanks,\nBob', ...over });
}

describe('mail signals', () => {
  it.each([
    ['no-reply@shop.test', true],
    ['noreply@github.test', true],
    ['do-not-reply@bank.test', true],
    ['newsletter@weekly.test', true],
    ['notifications+abc@service.test', true],
    ['bob@partner.test', false],
    ['noreen@partner.test', false],
    ['information.desk@partner.test', false],
  ])('%s is a no-reply address: %s', (address, expected) => {
    expect(isNoReplyAddress(address)).toBe(expected);
  });

  it('names why a message is bulk', () => {
    const item = mail({ headers: { listUnsubscribe: '<mailto:u@x.test>', listId: null, precedence: 'bulk', autoSubmitted: null } });
    expect(bulkSignals(item)).toEqual(['it has an unsubscribe link', 'it is marked Precedence: bulk']);
    expect(bulkSignals(mail())).toEqual([]);
  });

  it('finds the question the sender wrote, not one in the quoted history or the signature', () => {
    expect(findQuestion('Can you send the contract by Friday? Thanks', 'Contract')).toBe('Can you send the contract by Friday?');
    expect(findQuestion('Thanks for this.\n\nOn Mon, 23 Nov 2026, Alice wrote:\n> Can you look at it?', 'Re: x')).toBeNull();
    expect(findQuestion('Noted, all good.\n-- \nWhy not visit our site?', 'Re: x')).toBeNull();
    expect(findQuestion('Please confirm the venue for the offsite.', 'Offsite')).toBe('Please confirm the venue for the offsite.');
    expect(findQuestion('', 'Lunch on Thursday?')).toBe('Lunch on Thursday?');
    expect(findQuestion('FYI, the report is attached.', 'Report')).toBeNull();
  });

  it('strips reply prefixes from subjects', () => {
    expect(baseSubject('Re: Fwd: RE: Q3 contract')).toBe('Q3 contract');
    expect(baseSubject('Re[2]: Budget')).toBe('Budget');
  });

  it('keeps only what the sender wrote', () => {
    expect(ownText('Sounds good.\n> old\n> older')).toBe('Sounds good.');
  });
});

describe('newsletters detector', () => {
  const letters = [1, 2, 3].map((n) =>
    mail({
      id: `n${n}`,
      externalId: `7:${10 + n}`,
      messageKey: `<n${n}@news.test>`,
      messageId: `<n${n}@news.test>`,
      from: { name: `Weekly ${n}`, address: `news@weekly${n}.test` },
      headers: { listUnsubscribe: '<https://weekly.test/u>', listId: null, precedence: null, autoSubmitted: null },
      receivedAt: `2026-11-25T09:0${n}:00Z`,
    }),
  );

  it('recognises bulk mail but not a flagged or departed one', () => {
    expect(letters.every(isNewsletter)).toBe(true);
    expect(isNewsletter(mail())).toBe(false);
    expect(isNewsletter({ ...letters[0]!, flags: ['\\Flagged'] })).toBe(false);
    expect(isNewsletter({ ...letters[0]!, present: false })).toBe(false);
  });

  it('proposes one archive of all of them, newest first, which IMAP plans as one move', () => {
    const proposal = newslettersProposal(account, letters);
    expect(proposal.title).toBe('Archive 3 newsletters');
    expect(proposal.dedupeKey).toBe('newsletters:acc-1');
    expect(proposal.why).toMatch(/^Bulk mail from Weekly 3, Weekly 2 and 1 other: it has an unsubscribe link/);
    expect(proposal.intents).toEqual([{ type: 'mail.archive', messages: [letters[2], letters[1], letters[0]] }]);
    expect(proposal.flags).toEqual([]);
    const draft = planProposal(proposal, account);
    expect(draft?.steps).toHaveLength(1);
    expect(draft?.steps[0]).toMatchObject({ capability: 'email.archive', app: 'imap', title: 'Move 3 messages from INBOX to Archive' });
    expect((draft?.steps[0]?.args as { messages: { uid: number; uidValidity: string }[] }).messages).toMatchObject([
      { uid: 13, uidValidity: '7' },
      { uid: 12, uidValidity: '7' },
      { uid: 11, uidValidity: '7' },
    ]);
  });

  it('plans one move per mailbox, into the archive folder the user chose', () => {
    const chosen = { ...account, settings: { ...account.settings, archiveMailbox: 'Old mail' } };
    const elsewhere = { ...letters[0]!, stream: 'Lists', externalId: '9:4' };
    const steps = planImap({ type: 'mail.archive', messages: [letters[1]!, elsewhere] }, chosen);
    expect(steps?.map((step) => step.title)).toEqual(['Move 1 message from INBOX to Old mail', 'Move 1 message from Lists to Old mail']);
  });

  it('refuses to plan a move of a message without a usable UID', () => {
    expect(planImap({ type: 'mail.archive', messages: [{ ...letters[0]!, externalId: 'gmail-id' }] }, account)).toBeNull();
  });

  it('flags a bulk move in words', () => {
    const many = Array.from({ length: BULK_FLAG_THRESHOLD }, (_, i) => ({ ...letters[0]!, id: `x${i}`, externalId: `7:${i + 1}`, messageKey: `<x${i}@n.test>` }));
    expect(newslettersProposal(account, many).flags[0]).toMatch(/^Bulk: this moves 10 messages at once/);
  });
});

describe('needs-reply detector', () => {
  it('proposes a draft reply to a direct question', () => {
    const need = needsReply(mail(), account, now);
    expect(need).toEqual({ question: 'Can you send me the signed contract by Friday?' });
    const proposal = replyProposal(account, mail(), need!);
    expect(proposal.title).toBe('Reply to Bob Chen about Q3 contract');
    expect(proposal.why).toBe('Bob asked: “Can you send me the signed contract by Friday?”');
    const draft = planProposal(proposal, account);
    expect(draft?.steps[0]).toMatchObject({ capability: 'email.draft', title: 'Save a draft reply to Bob Chen in Drafts' });
    const args = draft?.steps[0]?.args as { to: { address: string }[]; subject: string; body: string; inReplyTo: string; references: string[] };
    expect(args.to[0]?.address).toBe('bob@partner.test');
    expect(args.subject).toBe('Re: Q3 contract');
    expect(args.inReplyTo).toBe('<m1@example.test>');
    expect(args.references).toEqual(['<m1@example.test>']);
    expect(args.body).toMatch(/^Hi Bob,/);
    expect(args.body).toMatch(/> Can you send me the signed contract by Friday\?/);
  });

  it.each([
    ['a statement', { bodyText: 'The report is attached. Best, Bob' }],
    ['mail I was only copied on', { to: [{ name: '', address: 'team@example.test' }], cc: [{ name: '', address: 'alice@example.test' }] }],
    ['bulk mail', { headers: { listUnsubscribe: '<x>', listId: null, precedence: null, autoSubmitted: null } }],
    ['an auto-reply', { headers: { listUnsubscribe: null, listId: null, precedence: null, autoSubmitted: 'auto-replied' } }],
    ['mail already answered', { flags: ['\\Seen', '\\Answered'] }],
    ['my own mail', { from: { name: 'Alice', address: 'alice@example.test' } }],
    ['old mail', { receivedAt: '2026-10-01T00:00:00Z' }],
    ['mail from a no-reply sender', { from: { name: 'Shop', address: 'no-reply@shop.test' } }],
  ])('ignores %s', (_name, over) => {
    expect(needsReply(mail(over as Partial<MailItem>), account, now)).toBeNull();
  });

  it('marks urgent asks as high urgency', () => {
    const urgent = mail({ bodyText: 'Can you call me ASAP? The client is waiting.' });
    expect(replyProposal(account, urgent, needsReply(urgent, account, now)!).urgency).toBe('high');
  });
});
