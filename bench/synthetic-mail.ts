import type { NewMailItem } from '../electron/engine/items/mail/mail-item.js';

/** Plausible inbox traffic as a mail connector hands it over: one newsletter in three, the rest people, some asking. */
export function syntheticMail(count: number, uidStart = 1, tag = 'bench', uidValidity = '1'): NewMailItem[] {
  return Array.from({ length: count }, (_, i) => {
    const bulk = i % 3 === 0;
    const asks = i % 4 === 1;
    const uid = uidStart + i;
    return {
      stream: 'INBOX',
      externalId: `${uidValidity}:${uid}`,
      messageKey: `<m${uid}-${tag}@bench.example>`,
      messageId: `<m${uid}-${tag}@bench.example>`,
      from: bulk ? { name: `Weekly ${i % 17}`, address: `news@weekly${i % 17}.example` } : { name: `Person ${i % 50}`, address: `p${i % 50}@partner.example` },
      to: [{ name: 'Alice', address: 'alice@example.test' }],
      cc: [],
      subject: bulk ? `Issue ${i}: ten tools` : `Project update ${i}`,
      sentAt: new Date(Date.now() - i * 60_000).toISOString(),
      receivedAt: new Date(Date.now() - i * 60_000).toISOString(),
      flags: [],
      folders: ['INBOX'],
      roles: ['inbox'],
      headers: { listUnsubscribe: bulk ? '<https://weekly.example/u>' : null, listId: null, precedence: bulk ? 'bulk' : null, autoSubmitted: null },
      inReplyTo: null,
      references: [],
      bodyText: asks
        ? `Hi Alice,\n\nThe numbers are in. Can you review the draft by Thursday?\n\nThanks\n\n> earlier thread ${'x'.repeat(400)}`
        : `Hello,\n\n${'Some long paragraph of text about the project. '.repeat(40)}\n\nBest`,
      size: 4000,
      parseError: null,
      attachments: [],
    };
  });
}
