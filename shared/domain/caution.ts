/**
 * Why an outward step must be asked about whatever the grants say, and where its recipients
 * came from: computed by the engine's gate from facts (never from anything a model wrote about
 * itself), stored with the step, and shown on its card.
 */

/** One reason an outward step is tainted. */
export type TaintReason =
  /** The model that produced the step had content others wrote (mail, events, files) in its context. */
  | { readonly kind: 'untrusted-context'; readonly itemCount: number }
  /** The user has never written to this address. */
  | { readonly kind: 'new-recipient'; readonly address: string }
  /** The address is outside every domain of the conversation the step answers. */
  | { readonly kind: 'foreign-domain'; readonly address: string; readonly domain: string; readonly threadDomain: string };

/** A recipient of an outward step, as the card shows it. */
export interface RecipientOrigin {
  readonly address: string;
  /** The user has written to it before (or it is their own). */
  readonly known: boolean;
  /** Where it came from, in words: "this address appeared in a mail from Eve <eve@evil.example>". */
  readonly origin: string;
}

/** What the card shows above an outward step that always asks. Null on steps that are not tainted. */
export interface StepCaution {
  readonly reasons: readonly TaintReason[];
  /** The same reasons in words, in order. */
  readonly words: readonly string[];
  readonly recipients: readonly RecipientOrigin[];
}

/** A reason in words a user can act on. */
export function describeTaint(reason: TaintReason): string {
  switch (reason.kind) {
    case 'untrusted-context':
      return `Proposed after the model read ${reason.itemCount} item${reason.itemCount === 1 ? '' : 's'} others wrote: an instruction hidden in them could have asked for this.`;
    case 'new-recipient':
      return `New recipient: you have never written to ${reason.address}.`;
    case 'foreign-domain':
      return `${reason.address} is outside the conversation's domain (${reason.domain}, not ${reason.threadDomain}).`;
  }
}
