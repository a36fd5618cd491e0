import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { actorLabel, actors, cautionOf, computeFacts, hashArgs, parseActor, recipientAddresses, taintOf, type FactLookups, type FactsInput } from './facts.js';

const lookups: FactLookups = {
  ownAddresses: () => ['me@home.example'],
  userHasWrittenTo: (_own, address) => address === 'bob@partner.example',
  thread: (_account, messageId) => (messageId === '<t1@partner.example>' ? { participants: ['bob@partner.example', 'me@home.example'], domain: 'partner.example' } : null),
  sighting: (address, ids) => (address === 'eve@evil.example' && ids.includes('m-7') ? { itemId: 'm-7', from: 'Mallory <mallory@partner.example>', subject: 'Invoice' } : null),
};

const send = (to: string[], extra: Partial<FactsInput> = {}): FactsInput => ({
  capability: 'email.send',
  accountId: 'acc-1',
  args: { to: to.map((address) => ({ name: '', address })), subject: 's', body: 'b', inReplyTo: '<t1@partner.example>', references: [] },
  provenance: { runId: null, untrustedItemIds: [] },
  actor: actors.detector('reply'),
  ...extra,
});

describe('step facts', () => {
  it('reads recipients from any connector’s arguments, and an invitation’s organiser', () => {
    expect(recipientAddresses({ to: [{ name: 'Bob', address: 'Bob@Partner.example' }], cc: ['x@y.example'], body: 'write to z@z.example' })).toEqual(['bob@partner.example', 'x@y.example']);
    expect(recipientAddresses({ invitation: { ics: 'BEGIN:VEVENT\r\nORGANIZER;CN=Ann:mailto:ann@corp.example\r\nEND:VEVENT' }, answer: 'accepted' })).toEqual(['ann@corp.example']);
    expect(recipientAddresses({ messageIds: ['m1'] })).toEqual([]);
  });

  it('a reply to a known correspondent in their own thread is not tainted', () => {
    const facts = computeFacts(send(['bob@partner.example']), lookups);
    expect(facts).toMatchObject({ domains: ['partner.example'], threadDomain: 'partner.example', recipients: [{ address: 'bob@partner.example', writtenBefore: true, inThread: true }] });
    expect(taintOf(facts)).toEqual([]);
    expect(cautionOf(facts)).toBeNull();
  });

  it('taints an outward step with a new recipient outside the thread, and says where the address came from', () => {
    const facts = computeFacts(send(['eve@evil.example'], { provenance: { runId: 'run-1', untrustedItemIds: ['m-7'] } }), lookups);
    expect(taintOf(facts).map((r) => r.kind)).toEqual(['untrusted-context', 'new-recipient', 'foreign-domain']);
    expect(cautionOf(facts)?.recipients).toEqual([{ address: 'eve@evil.example', known: false, origin: 'this address appeared in a mail from Mallory <mallory@partner.example> (“Invoice”)' }]);
  });

  it('never taints a step that is neither outward nor destructive', () => {
    const facts = computeFacts({ ...send(['eve@evil.example'], { provenance: { runId: 'r', untrustedItemIds: ['m-7'] } }), capability: 'email.draft' }, lookups);
    expect(taintOf(facts)).toEqual([]);
  });

  it('taints a destructive step only for what the model read: it reaches nobody', () => {
    const trash = (untrustedItemIds: string[]) => computeFacts({ ...send([], { provenance: { runId: 'r', untrustedItemIds } }), capability: 'email.trash', args: { messageIds: ['m1', 'm2'] } }, lookups);
    expect(taintOf(trash(['m-7'])).map((r) => r.kind)).toEqual(['untrusted-context']);
    expect(taintOf(trash([]))).toEqual([]);
  });

  it('hashes arguments whatever the key order, and differently when they differ', () => {
    expect(hashArgs({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(hashArgs({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(hashArgs({ a: 1 })).not.toBe(hashArgs({ a: 2 }));
  });

  it('hashes the canonical JSON of a long list written in pieces as the whole text, and tells one changed message apart', () => {
    // Keys already in order and nothing undefined: the canonical text is JSON.stringify's.
    const messages = Array.from({ length: 5_000 }, (_, i) => ({ messageKey: `<news-${i}@weekly.test> “é” \u{1F600}`, uid: i + 1, uidValidity: '7' }));
    const args = { mailbox: 'INBOX', messages };
    expect(hashArgs(args)).toBe(createHash('sha256').update(JSON.stringify(args)).digest('hex'));
    expect(hashArgs({ ...args, messages: messages.map((m, i) => (i === 4_321 ? { ...m, uid: 99_999 } : m)) })).not.toBe(hashArgs(args));
    expect(hashArgs({ ...args, messages: messages.slice(0, -1) })).not.toBe(hashArgs(args));
    // Undefined members are left out; holes and undefined elements stay as JSON had them.
    expect(hashArgs({ b: undefined, a: [1, undefined] })).toBe(createHash('sha256').update('{"a":[1,null]}').digest('hex'));
    // Keys out of order are sorted and keys that need escaping are escaped, every time they recur.
    const text = '[{"a":1,"b\\"\\n":2},{"a":3,"b\\"\\n":4}]';
    expect(hashArgs([{ 'b"\n': 2, a: 1 }, { a: 3, 'b"\n': 4 }])).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('reads actors back from their ledger labels; nothing unknown becomes a user', () => {
    for (const actor of [actors.user('cli'), actors.user('shell'), actors.agent('run-1'), actors.detector('reply'), actors.rule('r-1'), actors.engine('allowed'), actors.engine('breaker')]) {
      expect(parseActor(actorLabel(actor))).toEqual(actor);
    }
    expect(parseActor('user:root')).toEqual(actors.engine('recovery'));
  });
});
