/**
 * Hostile mail: the messages a mail client meets sooner or later, made on the fly (a 25 MB file
 * has no place in the repository). Each says what a user must see of it afterwards: its subject,
 * or, where nothing readable is left, the placeholder.
 */
const CRLF = '\r\n';

export interface HostileMessage {
  readonly name: string;
  /** The message as it would arrive on the wire. */
  raw(): Buffer;
  /** What the stored message's subject must be (exact, or a pattern). */
  readonly subject: string | RegExp;
  /** Something of the body that must be readable afterwards, if any. */
  readonly body?: RegExp;
  /** Text that must not survive into the stored body (script code, tracking addresses). */
  readonly absent?: readonly RegExp[];
}

function lines(...parts: string[]): Buffer {
  return Buffer.from(parts.join(CRLF), 'latin1');
}

function nested(depth: number): string {
  let body = `Content-Type: text/plain${CRLF}${CRLF}Found at the bottom of ${depth} levels.${CRLF}`;
  for (let level = depth; level > 0; level -= 1) {
    const boundary = `b${level}`;
    body = `Content-Type: multipart/mixed; boundary="${boundary}"${CRLF}${CRLF}--${boundary}${CRLF}${body}--${boundary}--${CRLF}`;
  }
  return body;
}

export const HOSTILE_MAIL: readonly HostileMessage[] = [
  {
    name: 'a broken MIME boundary',
    raw: () =>
      lines(
        'From: Broken <broken@example.test>',
        'Subject: Broken boundary',
        'Message-ID: <broken-boundary@example.test>',
        'Content-Type: multipart/mixed; boundary="declared"',
        '',
        '--not-the-declared-one',
        'Content-Type: text/plain',
        '',
        'Text behind a boundary that was never declared.',
        '--declared',
        'Content-Type: text/plain',
        'Content-Transfer-Encoding: base64',
        '',
        '@@@ not base64 at all @@@',
      ),
    subject: 'Broken boundary',
  },
  {
    name: 'an unknown charset',
    raw: () =>
      Buffer.concat([
        lines('From: Klingon <k@example.test>', 'Subject: Unknown charset', 'Message-ID: <unknown-charset@example.test>', 'Content-Type: text/plain; charset=x-klingon-9000', 'Content-Transfer-Encoding: 8bit', '', 'Readable part: '),
        Buffer.from([0xe9, 0xff, 0xfe, 0x80]),
        Buffer.from(`${CRLF}`),
      ]),
    subject: 'Unknown charset',
    body: /Readable part/,
  },
  {
    name: 'a wrong charset (Latin-1 bytes declared as UTF-8)',
    raw: () =>
      Buffer.concat([
        lines('From: Wrong <w@example.test>', 'Subject: Wrong charset', 'Message-ID: <wrong-charset@example.test>', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', 'Caf'),
        Buffer.from([0xe9]),
        Buffer.from(` au lait${CRLF}`),
      ]),
    subject: 'Wrong charset',
    body: /au lait/,
  },
  {
    name: '8-bit headers',
    raw: () =>
      Buffer.concat([
        Buffer.from('From: =?utf-8?q?Ren=C3=A9?= <rene@example.test>\r\nSubject: '),
        Buffer.from('Réunion à 10h', 'utf8'),
        Buffer.from(' / '),
        Buffer.from([0xe9, 0xe8]),
        Buffer.from(`${CRLF}Message-ID: <eight-bit@example.test>${CRLF}${CRLF}Body.${CRLF}`),
      ]),
    subject: /^Réunion à 10h/,
  },
  {
    name: 'a 1 MB header',
    raw: () => {
      const folded = Array.from({ length: 16_000 }, (_, i) => ` ${'x'.repeat(60)}${i}`).join(CRLF);
      return lines('From: Header <h@example.test>', 'Subject: Huge header', 'Message-ID: <huge-header@example.test>', `X-Junk:${folded}`, 'Content-Type: text/plain', '', 'Short body after a 1 MB header.');
    },
    subject: 'Huge header',
  },
  {
    name: '200 levels of nested multiparts',
    raw: () => lines('From: Nest <n@example.test>', 'Subject: Deep nesting', 'Message-ID: <deep-nesting@example.test>', 'MIME-Version: 1.0', nested(200)),
    subject: 'Deep nesting',
  },
  {
    name: 'a 25 MB attachment',
    raw: () => {
      const data = Buffer.alloc(25 * 1024 * 1024, 7).toString('base64').replace(/.{76}/g, `$&${CRLF}`);
      return lines(
        'From: Big <big@example.test>',
        'Subject: Big attachment',
        'Message-ID: <big-attachment@example.test>',
        'Content-Type: multipart/mixed; boundary="big"',
        '',
        '--big',
        'Content-Type: text/plain',
        '',
        'The scans are attached.',
        '--big',
        'Content-Type: application/pdf; name="scans.pdf"',
        'Content-Disposition: attachment; filename="scans.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        data,
        '--big--',
        '',
      );
    },
    subject: 'Big attachment',
    body: /scans are attached/,
  },
  {
    name: 'HTML with scripts and a tracking pixel',
    raw: () =>
      lines(
        'From: Shop <shop@example.test>',
        'Subject: HTML with scripts',
        'Message-ID: <html-scripts@example.test>',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<html><head><script>steal(document.cookie)</script><style>p{color:red}</style></head>',
        '<body onload="evil()"><p>Your order has shipped.</p><img src="https://track.example/pixel.gif?u=42" width="1" height="1">',
        '<a href="https://track.example/click?u=42">Track it</a><script>alert(1)</script><iframe src="https://evil.example/"></iframe></body></html>',
      ),
    subject: 'HTML with scripts',
    body: /Your order has shipped\.[\s\S]*Track it/,
    absent: [/steal|alert|evil\(|cookie/, /track\.example|pixel\.gif/, /color:red/],
  },
  {
    name: 'an empty message',
    raw: () => Buffer.from(CRLF),
    subject: '',
  },
  {
    name: 'a Date in 2099',
    raw: () => lines('From: Future <f@example.test>', 'Subject: From the future', 'Message-ID: <future-date@example.test>', 'Date: Thu, 01 Jan 2099 00:00:00 +0000', '', 'Sent from a clock that is wrong.'),
    subject: 'From the future',
  },
];
