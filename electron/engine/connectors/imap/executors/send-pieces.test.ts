import { describe, expect, it } from 'vitest';
import type { JournalNote } from '../../../actions/step-journal.js';
import { smtpClientOptions } from '../../smtp/smtp-endpoint.js';
import { sendFailureCertainty } from '../../smtp/smtp-errors.js';
import { effectOf, isKeyword, labelFlagAllowed, mailboxKeeps, readFlagAllowed } from './flag-names.js';
import { composeOutgoing, messageIdFor, recipientsOf, referencesFor } from './outgoing-message.js';
import { sendStateOf } from './send-journal.js';

const note = (phase: string, detail: Record<string, unknown> = {}, at = '2026-11-25T09:00:00.000Z'): JournalNote => ({ phase, detail, at });

describe('where a send stands, from its journal', () => {
  it.each<[string, JournalNote[], unknown]>([
    ['nothing yet', [], { kind: 'fresh', attempt: 1 }],
    ['handed over, no answer', [note('handing#1', { date: 'D1' })], { kind: 'unknown', attempt: 1, date: 'D1' }],
    ['refused, then nothing', [note('handing#1', { date: 'D1' }), note('not-sent#1')], { kind: 'fresh', attempt: 2 }],
    ['refused, then handed over again', [note('handing#1'), note('not-sent#1'), note('handing#2', { date: 'D2' })], { kind: 'unknown', attempt: 2, date: 'D2' }],
    [
      'accepted',
      [note('handing#1', { date: 'D1' }), note('accepted', { attempt: 1, rejected: ['x@y.test'] }, 'T')],
      { kind: 'accepted', date: 'D1', acceptedAt: 'T', filed: null, rejected: ['x@y.test'] },
    ],
    [
      'accepted and filed',
      [note('handing#1', { date: 'D1' }), note('accepted', { attempt: 1 }, 'T'), note('filed', { mailbox: 'Sent', by: 'server' })],
      { kind: 'accepted', date: 'D1', acceptedAt: 'T', filed: { mailbox: 'Sent', by: 'server' }, rejected: [] },
    ],
  ])('%s', (_name, notes, expected) => {
    expect(sendStateOf(notes)).toEqual(expected);
  });
});

describe('the outgoing message', () => {
  it('has a Message-ID of its own action, the same on every attempt', () => {
    expect(messageIdFor('4f1c', 'Alice@Example.TEST')).toBe('<steward.4f1c@example.test>');
    expect(messageIdFor('4f1c', 'no-at-sign')).toBe('<steward.4f1c@steward.invalid>');
  });

  it('threads a reply: References end with the message it answers, each id once', () => {
    expect(referencesFor({ inReplyTo: '<b@x>', references: ['<a@x>', '<b@x>'] })).toEqual(['<a@x>', '<b@x>']);
    expect(referencesFor({ inReplyTo: '<b@x>', references: [] })).toEqual(['<b@x>']);
    expect(referencesFor({ inReplyTo: null, references: [] })).toEqual([]);
    expect(recipientsOf({ to: [{ name: 'B', address: 'Bob@X.test ' }, { name: '', address: 'bob@x.test' }] })).toEqual(['bob@x.test']);
  });

  it('is built the same way twice (so the copy in Sent is the message that left)', async () => {
    const args = { to: [{ name: 'Bob', address: 'bob@x.test' }], subject: 'Re: Q3', body: 'Yes.', inReplyTo: '<q@x.test>', references: ['<q@x.test>'] };
    const sender = { email: 'alice@example.test', displayName: 'Alice' };
    const date = new Date('2026-11-25T09:00:00Z');
    const first = await composeOutgoing(args, sender, 'act-1', date);
    const second = await composeOutgoing(args, sender, 'act-1', date);
    expect(first.equals(second)).toBe(true);
    const text = first.toString('utf8');
    expect(text).toContain('Message-ID: <steward.act-1@example.test>');
    expect(text).toContain('In-Reply-To: <q@x.test>');
    expect(text).toContain('References: <q@x.test>');
    expect(text).toContain('X-Steward-Action: act-1');
  });
});

describe('SMTP', () => {
  it.each([
    ['tls', { secure: true, requireTLS: false, ignoreTLS: false }],
    ['starttls', { secure: false, requireTLS: true, ignoreTLS: false }],
    ['none', { secure: false, requireTLS: false, ignoreTLS: true }],
  ] as const)('security %s never falls back to less', (security, expected) => {
    expect(smtpClientOptions({ host: 'smtp.x.test', port: 587, security })).toMatchObject(expected);
  });

  it.each([
    ['a failure before the message was handed over', { code: 'ECONNECTION' }, false, 'not-sent'],
    ['recipients refused', { code: 'EENVELOPE', responseCode: 550 }, true, 'not-sent'],
    ['the message refused after DATA', { code: 'EMESSAGE', responseCode: 554 }, true, 'not-sent'],
    ['a lost connection while on its way', { code: 'ECONNECTION' }, true, 'unknown'],
    ['a timeout while on its way', { code: 'ETIMEDOUT' }, true, 'unknown'],
  ])('%s: %s', (_name, error, handedOver, expected) => {
    expect(sendFailureCertainty(error, handedOver)).toBe(expected);
  });
});

describe('flags Steward may change', () => {
  it.each([
    ['$Waiting', true],
    ['Project-X', true],
    ['\\Flagged', true],
    ['has space', false],
    ['\\Deleted', false],
    ['\\Seen', false],
    ['quote"d', false],
    ['', false],
  ])('label %j: %s', (flag, allowed) => {
    expect(labelFlagAllowed(flag)).toBe(allowed);
  });

  it('reads only \\Seen for mark-read, and keeps keywords where the mailbox allows new ones', () => {
    expect(readFlagAllowed('\\Seen')).toBe(true);
    expect(readFlagAllowed('\\Flagged')).toBe(false);
    expect(isKeyword('ünïcode')).toBe(false);
    expect(mailboxKeeps(new Set(['\\Seen', '\\*']), '$Waiting')).toBe(true);
    expect(mailboxKeeps(new Set(['\\Seen', '\\Flagged']), '$Waiting')).toBe(false);
    expect(mailboxKeeps(new Set(['\\Seen', '\\Flagged']), '\\flagged')).toBe(true);
  });

  it('records only what a change really changed, so undo restores the state before', () => {
    expect(effectOf(['\\Seen'], ['\\Seen', '\\Flagged'], [])).toEqual({ added: ['\\Flagged'], removed: [] });
    expect(effectOf(['\\Seen', '$Old'], [], ['$old', '$Never'])).toEqual({ added: [], removed: ['$old'] });
  });
});
