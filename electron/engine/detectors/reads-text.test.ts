/**
 * Detector.readsText is a promise: for an item it says no to, `detect` and `watch` come to the
 * same answer without the item's text. The scheduler relies on it to read a first sync's history
 * briefly (no bodies), so it is checked here for every mail detector over messages of every
 * shape a mailbox holds: received and sent, recent and years old, personal, bulk, automated,
 * invitations, answered, flagged, drafts, each with a body that asks, promises and sets a day.
 */
import { describe, expect, it } from 'vitest';
import type { MailItem } from '../items/mail/mail-item.js';
import { detectorsFor } from './registry.js';
import { account, contextAt, mailItem } from './testing/mail-item.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const BODY = 'Hi,\n\nCan you confirm the budget by Friday? I will send the deck by Thursday.\n\nBob';

function shapes(): MailItem[] {
  const ages = [0, 3, 10, 20, 400].map((days) => new Date(NOW.getTime() - days * 86_400_000).toISOString());
  const variants: Partial<MailItem>[] = [
    {},
    { flags: ['\\Answered'] },
    { flags: ['\\Flagged'] },
    { flags: ['\\Draft'], roles: ['drafts'], folders: ['Drafts'] },
    { headers: { listUnsubscribe: '<https://x.test/u>', listId: null, precedence: 'bulk', autoSubmitted: null } },
    { headers: { listUnsubscribe: null, listId: null, precedence: null, autoSubmitted: 'auto-replied' } },
    { from: { name: 'No reply', address: 'noreply@shop.test' } },
    { to: [{ name: 'Team', address: 'team@example.test' }] },
    { roles: ['sent'], folders: ['Sent'], from: { name: 'Alice', address: account.email }, to: [{ name: 'Bob', address: 'bob@partner.test' }] },
    { roles: ['archive'], folders: ['Archive'] },
    { attachments: [{ name: 'invite.ics', size: 900, type: 'text/calendar', method: 'REQUEST', uid: 'evt-1' }] },
    { present: false },
  ];
  return ages.flatMap((at, a) => variants.map((variant, v) => mailItem({ id: `item-${a}-${v}`, messageKey: `<m-${a}-${v}@x.test>`, messageId: `<m-${a}-${v}@x.test>`, sentAt: at, receivedAt: at, bodyText: BODY, ...variant })));
}

/** A proposal's intents carry the messages themselves: what differs there is only the text that was left out. */
function withoutText(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, inner: unknown) => (key === 'bodyText' ? undefined : inner)));
}

describe('detectors that do not read an item’s text decide the same without it', () => {
  const detectors = detectorsFor('mail');

  it('every mail detector says whether it reads an item’s text', () => {
    expect(detectors.length).toBeGreaterThan(0);
    for (const detector of detectors) expect(typeof detector.readsText, detector.id).toBe('function');
  });

  for (const detector of detectorsFor('mail')) {
    it(`${detector.id}: the same proposals and watches from the brief items it does not read`, () => {
      const context = contextAt(NOW);
      const skipped = shapes().filter((item) => detector.readsText?.(item, context) === false);
      const brief = skipped.map((item) => ({ ...item, bodyText: '' }));
      expect(withoutText(detector.detect(brief, context))).toEqual(withoutText(detector.detect(skipped, context)));
      expect(detector.watch?.(brief, context)).toEqual(detector.watch?.(skipped, context));
    });
  }

  it('the rules that read text still see the recent message that asks, and the promise the user sent', () => {
    const context = contextAt(NOW);
    const read = (id: string) => shapes().filter((item) => detectorsFor('mail').find((d) => d.id === id)?.readsText?.(item, context));
    // Received today, from a person, to the user: the reply and deadline rules read it.
    expect(read('reply').map((item) => item.id)).toContain('item-0-0');
    expect(read('deadline').map((item) => item.id)).toContain('item-0-0');
    // Sent by the user: the follow-up (while recent) and promise rules read it; history is left.
    expect(read('follow-up').map((item) => item.id)).toContain('item-0-8');
    expect(read('follow-up').map((item) => item.id)).not.toContain('item-4-8');
    expect(read('promised-file').map((item) => item.id)).toContain('item-4-8');
    // Years-old received mail is read by none of them.
    for (const id of ['reply', 'deadline', 'follow-up', 'newsletters', 'invitation']) expect(read(id).map((item) => item.id)).not.toContain('item-4-0');
  });
});
