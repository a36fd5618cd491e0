import { randomUUID } from 'node:crypto';
import type { MailItem } from '../electron/engine/items/mail-item.js';

/** Plausible inbox traffic: one newsletter in three, the rest people, some of them asking. */
export function syntheticMail(count: number, uidStart = 1, accountId = 'acc-bench'): MailItem[] {
  return Array.from({ length: count }, (_, i) => {
    const bulk = i % 3 === 0;
    const asks = i % 4 === 1;
    const uid = uidStart + i;
    return {
      id: randomUUID(),
      accountId,
      mailbox: 'INBOX',
      uidValidity: '1',
      uid,
      messageKey: `<m${uid}-${accountId}@bench.example>`,
      messageId: `<m${uid}-${accountId}@bench.example>`,
      from: bulk ? { name: `Weekly ${i % 17}`, address: `news@weekly${i % 17}.example` } : { name: `Person ${i % 50}`, address: `p${i % 50}@partner.example` },
      to: [{ name: 'Alice', address: 'alice@example.test' }],
      cc: [],
      subject: bulk ? `Issue ${i}: ten tools` : `Project update ${i}`,
      sentAt: new Date(Date.now() - i * 60_000).toISOString(),
      receivedAt: new Date(Date.now() - i * 60_000).toISOString(),
      flags: [],
      headers: { listUnsubscribe: bulk ? '<https://weekly.example/u>' : null, listId: null, precedence: bulk ? 'bulk' : null, autoSubmitted: null },
      inReplyTo: null,
      references: [],
      bodyText: asks
        ? `Hi Alice,\n\nThe numbers are in. Can you review the draft by Thursday?\n\nThanks\n\n> earlier thread ${'x'.repeat(400)}`
        : `Hello,\n\n${'Some long paragraph of text about the project. '.repeat(40)}\n\nBest`,
      size: 4000,
      parseError: null,
      present: true,
    };
  });
}
