import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeMail, STEWARD_ACTION_HEADER, stewardMessageId } from './compose.js';

describe('stewardMessageId', () => {
  it.each([
    { actionId: '3f2a-11', from: 'emma@Example.TEST', expected: '<steward.3f2a-11@example.test>' },
    { actionId: 'a b/c<d>', from: 'x@y.test', expected: '<steward.a-b-c-d-@y.test>' },
    { actionId: 'id', from: 'no-at-sign', expected: '<steward.id@steward.invalid>' },
  ])('$actionId from $from → $expected', ({ actionId, from, expected }) => {
    expect(stewardMessageId(actionId, from)).toBe(expected);
  });
});

describe('composeMail', () => {
  it('threads a reply, marks the action, and keeps Bcc for Gmail to deliver', async () => {
    const composed = await composeMail(
      {
        from: { name: 'Emma Johnson', address: 'emma@example.test' },
        to: [{ name: 'David', address: 'david@example.test' }],
        bcc: [{ name: '', address: 'boss@example.test' }],
        subject: 'Re: Project Update',
        text: 'Thanks, David.',
        inReplyTo: '<parent@example.test>',
        references: ['<root@example.test>'],
        threadId: 'thr_1',
      },
      'action-7',
    );
    const parsed = await simpleParser(composed.raw);
    expect(composed.messageId).toBe('<steward.action-7@example.test>');
    expect(parsed.messageId).toBe(composed.messageId);
    expect(parsed.inReplyTo).toBe('<parent@example.test>');
    expect(parsed.references).toEqual(['<root@example.test>', '<parent@example.test>']);
    expect(parsed.headers.get(STEWARD_ACTION_HEADER.toLowerCase())).toBe('action-7');
    expect(parsed.bcc && !Array.isArray(parsed.bcc) ? parsed.bcc.text : null).toBe('boss@example.test');
    expect(parsed.text?.trim()).toBe('Thanks, David.');
  });

  it('writes new mail without threading headers', async () => {
    const parsed = await simpleParser((await composeMail({ from: { name: '', address: 'a@x.test' }, to: [{ name: '', address: 'b@x.test' }], subject: 'Hi', text: '.', inReplyTo: null, references: [], threadId: null }, 'n')).raw);
    expect(parsed.inReplyTo).toBeUndefined();
    expect(parsed.references).toBeUndefined();
  });
});
