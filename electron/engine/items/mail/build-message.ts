/**
 * Outgoing mail as RFC 5322 bytes, through nodemailer's MailComposer. nodemailer is imported the
 * first time Steward writes a message, not when the engine starts: an idle host or one that only
 * reads mail never needs it, and importing it costs ~2.6 MB of live heap (~6 MB RSS), about twice
 * that at the heap's peak during a sync. Node caches the module, so later messages pay nothing.
 */
import type Mail from 'nodemailer/lib/mailer/index.js';

export interface BuildOptions {
  /** Keep the Bcc header in the bytes (Gmail reads the Bcc recipients from it). */
  readonly keepBcc?: boolean;
}

export async function buildMessage(mail: Mail.Options, options: BuildOptions = {}): Promise<Buffer> {
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer/index.js');
  const node = new MailComposer(mail).compile();
  if (options.keepBcc) node.keepBcc = true;
  return node.build();
}
