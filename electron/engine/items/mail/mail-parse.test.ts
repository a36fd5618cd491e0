import { describe, expect, it } from 'vitest';
import { BODY_TEXT_LIMIT, parseMail } from './mail-parse.js';

const envelope = {
  messageId: '<env@example.test>',
  subject: 'From the envelope',
  from: [{ name: 'Env Sender', address: 'Env@Example.test' }],
  to: [{ name: '', address: 'alice@example.test' }],
  date: new Date('2026-11-25T08:00:00Z'),
};

describe('parseMail', () => {
  it('reads headers, addresses, list headers and the text body', async () => {
    const raw = [
      'From: "Weekly News" <News@Weekly.test>',
      'To: Alice <alice@example.test>',
      'Subject: =?UTF-8?B?V2Vla2x5IOKAlCBpc3N1ZSAx?=',
      'Message-ID: <w1@weekly.test>',
      'Date: Wed, 25 Nov 2026 09:00:00 +0000',
      'List-Unsubscribe: <https://weekly.test/u?id=1>,',
      ' <mailto:unsubscribe@weekly.test>',
      'Precedence: Bulk',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><body><style>p{}</style><p>Hello <b>reader</b></p></body></html>',
    ].join('\r\n');
    const mail = await parseMail(Buffer.from(raw), envelope);
    expect(mail.parseError).toBeNull();
    expect(mail.from).toEqual({ name: 'Weekly News', address: 'news@weekly.test' });
    expect(mail.subject).toBe('Weekly — issue 1');
    expect(mail.messageId).toBe('<w1@weekly.test>');
    expect(mail.headers.listUnsubscribe).toBe('<https://weekly.test/u?id=1>, <mailto:unsubscribe@weekly.test>');
    expect(mail.headers.precedence).toBe('bulk');
    expect(mail.bodyText).toMatch(/Hello\s+reader/i);
  });

  it('describes attachments, with a calendar part’s METHOD and UID (the link to its event)', async () => {
    const raw = [
      'From: Ana <ana@example.test>',
      'To: alice@example.test',
      'Subject: Invitation: Design review',
      'Message-ID: <inv1@example.test>',
      'Date: Wed, 25 Nov 2026 09:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'You are invited.',
      '--b1',
      'Content-Type: text/calendar; charset=utf-8; method=REQUEST',
      'Content-Disposition: attachment; filename="invite.ics"',
      '',
      'BEGIN:VCALENDAR',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
      'UID:design-review-42@exam',
      ' ple.test',
      'SUMMARY:Design review',
      'END:VEVENT',
      'END:VCALENDAR',
      '--b1--',
      '',
    ].join('\r\n');
    const mail = await parseMail(Buffer.from(raw), envelope);
    expect(mail.attachments).toEqual([expect.objectContaining({ name: 'invite.ics', type: 'text/calendar', method: 'REQUEST', uid: 'design-review-42@example.test' })]);
  });

  it('falls back to the envelope when the body is missing', async () => {
    const mail = await parseMail(undefined, envelope);
    expect(mail.parseError).toMatch(/no message body/);
    expect(mail.subject).toBe('From the envelope');
    expect(mail.from.address).toBe('env@example.test');
  });

  it('survives garbage, a missing From and a bad date', async () => {
    const raw = 'Subject: broken\r\nDate: not a date\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nstill readable?\r\n';
    const mail = await parseMail(Buffer.from(raw), undefined);
    expect(mail.subject).toBe('broken');
    expect(mail.sentAt).toBeNull();
    expect(mail.from).toEqual({ name: '', address: '' });
    expect(mail.bodyText).toContain('still readable?');
  });

  it('caps very long bodies', async () => {
    const raw = `Subject: long\r\n\r\n${'a'.repeat(BODY_TEXT_LIMIT * 2)}`;
    expect((await parseMail(Buffer.from(raw), undefined)).bodyText).toHaveLength(BODY_TEXT_LIMIT);
  });
});
