/**
 * The light read must give exactly what simpleParser gives: every message here is parsed both
 * ways and compared, and the ones the light read should take are checked to take it (else the
 * comparison would pass with the light read never used). The hostile corpus is compared the same
 * way in test/hostile-mail.
 */
import { describe, expect, it } from 'vitest';
import { parseMail } from './mail-parse.js';
import { readPlainMail } from './plain-mail.js';

const CRLF = '\r\n';
const envelope = { messageId: '<env@example.test>', subject: 'From the envelope', from: [{ name: 'Env', address: 'env@example.test' }], date: new Date('2026-11-25T08:00:00Z') };

/** Header blocks the light read takes, with what the full parser makes of them. */
const HEADS: Record<string, string[]> = {
  plain: ['From: "Person 1" <P1@Partner.example>', 'To: me@example.test', 'Subject: Project update 1', 'Date: Wed, 25 Nov 2026 09:00:00 +0000', 'Message-ID: <a1@partner.example>'],
  'encoded words': ['From: =?utf-8?q?Ren=C3=A9_Dupont?= <rene@example.test>', 'To: =?iso-8859-1?q?J=F6rg?= <jorg@example.test>, "Ann, B." <ann@example.test>', 'Subject: =?UTF-8?B?V2Vla2x5IOKAlCBpc3N1ZSAx?= and =?utf-8?q?more?=', 'Date: Wed, 25 Nov 2026 09:00:00 +0100 (CET)'],
  'folded and repeated': ['From: Folded', ' <folded@example.test>', 'To: a@example.test', 'To: b@example.test,', '\tc@example.test', 'Cc: Team: x@example.test, y@example.test;', 'Subject: A long', '  folded subject', 'Subject: A second subject', 'References: <r1@example.test>', ' <r2@example.test>', 'References: <r3@example.test>', 'In-Reply-To: r2@example.test', 'Message-Id: no-brackets@example.test'],
  'odd values': ['FROM: undisclosed-recipients:;', 'subject:', 'Date: not a date', 'Message-ID:', 'List-Unsubscribe: <https://list.example/u>,', ' <mailto:u@list.example>', 'List-Id: Weekly <weekly.list.example>', 'Precedence: Bulk', 'Auto-Submitted: Auto-Replied', 'X-Empty: '],
  'a date ahead': ['From: f@example.test', 'Subject: Future', 'Date: Thu, 01 Jan 2099 00:00:00 +0000', 'Received: from mx (mx [192.0.2.1]) by mail.example; Wed, 25 Nov 2026 09:00:00 +0000', 'Return-Path: <bounce@mail.example>'],
  'no sender': ['Subject: Nobody', 'Message-ID: <nobody@example.test>'],
};

/** Content headers and bodies the light read takes. */
const BODIES: Record<string, { headers: string[]; body: Buffer }> = {
  'no content type': { headers: [], body: Buffer.from(`Hello,${CRLF}${CRLF}Can you confirm by Friday?${CRLF}`) },
  'plain utf-8': { headers: ['MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8'], body: Buffer.from(`Grüße — see you.${CRLF}Line two.${CRLF}`) },
  'quoted charset, 8bit': { headers: ['Content-Type: text/plain;', ' charset="UTF-8"', 'Content-Transfer-Encoding: 8bit'], body: Buffer.from('Café\r\n') },
  'ascii, 7bit': { headers: ['Content-Type: TEXT/PLAIN; CHARSET=US-ASCII', 'Content-Transfer-Encoding: 7BIT'], body: Buffer.from('Plain ascii.\n') },
  'bad utf-8 and a cut sequence': { headers: ['Content-Type: text/plain; charset=utf-8'], body: Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' au lait '), Buffer.from([0xe2, 0x80])]) },
  'blank text': { headers: ['Content-Type: text/plain'], body: Buffer.from(`   ${CRLF}${CRLF}`) },
  empty: { headers: ['Content-Type: text/plain'], body: Buffer.alloc(0) },
  html: { headers: ['Content-Type: text/html; charset=utf-8'], body: Buffer.from('<html><head><script>steal()</script></head><body><p>Your order <b>shipped</b>.</p><img src="cid:logo@x"><a href="https://t.example/c">Track</a></body></html>') },
  'empty html': { headers: ['Content-Type: text/html'], body: Buffer.alloc(0) },
};

/** Messages the light read leaves to the full parser; they must still parse the same. */
const REFUSED: Record<string, Buffer> = {
  multipart: lines('From: a@example.test', 'Subject: Mixed', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain', '', 'Text.', '--b--', ''),
  'latin-1': Buffer.concat([lines('Subject: Latin', 'Content-Type: text/plain; charset=iso-8859-1', '', 'Caf'), Buffer.from([0xe9])]),
  'quoted-printable': lines('Subject: QP', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', 'Caf=C3=A9 =', 'joined'),
  base64: lines('Subject: B64', 'Content-Type: text/plain', 'Content-Transfer-Encoding: base64', '', Buffer.from('Hello there').toString('base64')),
  flowed: lines('Subject: Flowed', 'Content-Type: text/plain; charset=utf-8; format=flowed', '', 'A line that ', 'goes on.'),
  'a named text part': lines('Subject: Named', 'Content-Type: text/plain; name="notes.txt"', '', 'Notes.'),
  'an attachment disposition': lines('Subject: Disposition', 'Content-Type: text/plain', 'Content-Disposition: attachment; filename="a.txt"', '', 'Attached.'),
  'a comment in the type': lines('Subject: Comment', 'Content-Type: text/plain (really); charset=utf-8', '', 'Text.'),
  'two content types': lines('Subject: Two', 'Content-Type: text/html', 'Content-Type: text/plain', '', '<p>Which?</p>'),
  'an encoding with a comment': lines('Subject: Enc', 'Content-Transfer-Encoding: 7bit (plain)', '', 'Text.'),
  'an mbox line first': lines('From someone@example.test Wed Nov 25 09:00:00 2026', 'Subject: Mbox', '', 'Text.'),
  'a line without a colon': lines('Subject: Keyless', 'this is not a header', '', 'Text.'),
  'an 8-bit header': Buffer.concat([Buffer.from('Subject: Caf'), Buffer.from([0xc3, 0xa9]), Buffer.from('\r\nFrom: a@example.test\r\n\r\nText.')]),
  'a header block past 32 KB': lines('Subject: Long', `X-Junk: ${'x'.repeat(40_000)}`, '', 'Text.'),
  'a header block of 1,500 lines': lines('Subject: Many', ...Array.from({ length: 1_500 }, () => 'X:'), '', 'Text.'),
  'a lone CR': Buffer.from('Subject: Lone\rCR\r\n\r\nText.'),
  'a blank line of spaces': lines('Subject: Spaces', '   ', 'From: a@example.test', '', 'Text.'),
  'no body at all': Buffer.from('Subject: Headers only\r\nFrom: a@example.test\r\n'),
  'a continuation first': lines(' Subject: Folded first', '', 'Text.'),
  'text/calendar': lines('Subject: Invite', 'Content-Type: text/calendar; method=REQUEST', '', 'BEGIN:VCALENDAR', 'UID:x@example.test', 'END:VCALENDAR'),
};

function lines(...parts: string[]): Buffer {
  return Buffer.from(parts.join(CRLF), 'latin1');
}

function message(head: string[], content: { headers: string[]; body: Buffer }, lf = false): Buffer {
  const eol = lf ? '\n' : CRLF;
  const body = lf ? Buffer.from(content.body.toString('latin1').replace(/\r\n/g, '\n'), 'latin1') : content.body;
  return Buffer.concat([Buffer.from([...head, ...content.headers].join(eol) + eol + eol, 'latin1'), body]);
}

const light = Object.entries(HEADS).flatMap(([headName, head]) =>
  Object.entries(BODIES).flatMap(([bodyName, content]) => [
    [`${headName}, ${bodyName}`, message(head, content)] as const,
    [`${headName}, ${bodyName}, bare LF`, message(head, content, true)] as const,
  ]),
);

async function expectSame(raw: Buffer): Promise<void> {
  const full = await parseMail(raw, envelope, { light: false });
  expect(await parseMail(raw, envelope)).toEqual(full);
}

describe('the light read of single-part text mail', () => {
  it.each(light)('%s: taken, and the same as the full parse', async (_name, raw) => {
    expect(readPlainMail(raw)).not.toBeNull();
    await expectSame(raw);
  });

  it.each(Object.entries(REFUSED))('%s: left to the full parser', async (_name, raw) => {
    expect(readPlainMail(raw)).toBeNull();
    await expectSame(raw);
  });
});
