/** Every hostile message through the parser: nothing throws, each is readable or marked. */
import { describe, expect, it } from 'vitest';
import { parseMail } from '../../electron/engine/items/mail/mail-parse.js';
import { HOSTILE_MAIL } from './corpus.js';

describe('hostile mail through the parser', () => {
  it.each(HOSTILE_MAIL.map((message) => [message.name, message] as const))('%s', async (_name, message) => {
    const mail = await parseMail(message.raw(), undefined);
    if (typeof message.subject === 'string') expect(mail.subject).toBe(message.subject);
    else expect(mail.subject).toMatch(message.subject);
    if (message.body) expect(mail.bodyText).toMatch(message.body);
    for (const pattern of message.absent ?? []) expect(mail.bodyText).not.toMatch(pattern);
    expect(mail.bodyText.length).toBeLessThanOrEqual(20_000);
  });

  it.each(HOSTILE_MAIL.map((message) => [message.name, message] as const))('%s: the same with or without the light read of plain mail', async (_name, message) => {
    const envelope = { subject: 'From the envelope', from: [{ name: 'Env', address: 'env@example.test' }] };
    expect(await parseMail(message.raw(), envelope)).toEqual(await parseMail(message.raw(), envelope, { light: false }));
  });

  it('does not trust a Date far in the future', async () => {
    const future = HOSTILE_MAIL.find((m) => m.name === 'a Date in 2099');
    expect((await parseMail(future!.raw(), undefined)).sentAt).toBeNull();
  });
});
