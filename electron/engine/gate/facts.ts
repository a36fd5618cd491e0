/**
 * What the gate knows about a step before it decides: its arguments (and their hash, which the
 * ticket binds), its recipients and whether the user has written to each before, the domains
 * involved, the domain of the conversation it answers, where it came from (the run and the
 * untrusted items that were in the model's context), and who is asking, as a typed actor.
 *
 * Everything here is computed from stored data and the step's own arguments, never from what a
 * model says about them. The computation is pure: the few questions to the database go through
 * FactLookups (fact-lookups.ts reads them from SQLite), so tests can give plain answers.
 */
import { createHash } from 'node:crypto';
import { CAPABILITIES, type CapabilityId } from '@shared/domain/capabilities.js';
import { describeTaint, type RecipientOrigin, type StepCaution, type TaintReason } from '@shared/domain/caution.js';

// ---------------------------------------------------------------------------------------------
// Actors
// ---------------------------------------------------------------------------------------------

/** How a person reached Steward. `shell` is the tray menu and the global shortcut. */
export type UserChannel = 'ui' | 'web' | 'cli' | 'notification' | 'shell' | 'test';

/**
 * Who asks the gate. Only a `user` can approve a tainted outward step; a rule or a standing
 * grant runs a step without anyone asking, which the breaker counts.
 */
export type Actor =
  | { readonly kind: 'user'; readonly via: UserChannel }
  | { readonly kind: 'detector'; readonly name: string }
  | { readonly kind: 'agent'; readonly runId: string }
  | { readonly kind: 'rule'; readonly ruleId: string }
  /** Steward itself: running what a standing grant allowed, recovering after a restart, the breaker. */
  | { readonly kind: 'engine'; readonly why: 'allowed' | 'recovery' | 'breaker' };

const USER_CHANNELS: readonly UserChannel[] = ['ui', 'web', 'cli', 'notification', 'shell', 'test'];

export const actors = {
  user: (via: UserChannel): Actor => ({ kind: 'user', via }),
  detector: (name: string): Actor => ({ kind: 'detector', name }),
  agent: (runId: string): Actor => ({ kind: 'agent', runId }),
  rule: (ruleId: string): Actor => ({ kind: 'rule', ruleId }),
  engine: (why: 'allowed' | 'recovery' | 'breaker' = 'recovery'): Actor => ({ kind: 'engine', why }),
} as const;

/**
 * The actor as the ledger has always written it ("user:ui", "agent:<run>", "detector:reply",
 * "rule:<id>", "engine", "breaker"), so old and new entries read the same.
 */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return actor.via === 'shell' ? 'shell' : `user:${actor.via}`;
    case 'detector':
      return actor.name ? `detector:${actor.name}` : 'detector';
    case 'agent':
      return `agent:${actor.runId}`;
    case 'rule':
      return `rule:${actor.ruleId}`;
    case 'engine':
      return actor.why === 'breaker' ? 'breaker' : actor.why === 'allowed' ? ALLOWED_LABEL : 'engine';
  }
}

/** What the outbox stored for a send a standing grant let through (it predates typed actors). */
const ALLOWED_LABEL = 'engine (allowed by your permissions)';

/**
 * Reads a label back (from the ledger, the outbox, or a transport that still passes strings).
 * Anything unknown is the engine, never a user: a string cannot promote itself to an approval.
 */
export function parseActor(label: string): Actor {
  const [head, ...rest] = label.split(':');
  const tail = rest.join(':');
  if (head === 'user' && (USER_CHANNELS as readonly string[]).includes(tail)) return actors.user(tail as UserChannel);
  if (label === 'shell') return actors.user('shell');
  if (head === 'detector') return actors.detector(tail);
  if (head === 'agent' && tail) return actors.agent(tail);
  if (head === 'rule' && tail) return actors.rule(tail);
  if (label === 'breaker') return actors.engine('breaker');
  if (label === ALLOWED_LABEL) return actors.engine('allowed');
  return actors.engine('recovery');
}

export function isUser(actor: Actor | null): actor is Extract<Actor, { kind: 'user' }> {
  return actor?.kind === 'user';
}

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

/**
 * A hash of a step's arguments that does not depend on key order: a ticket binds it, and a
 * writer refuses to write arguments whose hash differs (an edit after approval, a swapped step).
 */
export function hashArgs(args: unknown): string {
  const hash = createHash('sha256');
  // The canonical JSON goes to the hash a piece at a time: a growing card's step moves thousands
  // of messages, and building its whole text first (with every nested array's and object's own
  // string) made megabytes of garbage at every restatement. Pieces are whole JSON tokens, so no
  // character is split between two updates; the digest is that of the whole text.
  let pending = '';
  writeCanonical(args, (piece) => {
    pending += piece;
    if (pending.length >= HASH_CHUNK_CHARS) {
      hash.update(pending);
      pending = '';
    }
  });
  return hash.update(pending).digest('hex');
}

/** How much canonical JSON is gathered before it goes to the hash. */
const HASH_CHUNK_CHARS = 16_384;

/** JSON with object keys sorted and undefined members left out, written piece by piece. */
function writeCanonical(value: unknown, emit: (piece: string) => void): void {
  if (value === undefined) return emit('null');
  if (value === null || typeof value !== 'object') return emit(JSON.stringify(value) ?? 'null');
  if (Array.isArray(value)) {
    emit('[');
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) emit(',');
      // A hole stays empty, as Array.prototype.join wrote it before.
      if (index in value) writeCanonical(value[index], emit);
    }
    return emit(']');
  }
  // Keys in UTF-16 code unit order (sort's own for strings), as the comparison before had them.
  // Most objects come with their keys already in order (a planner writes them so), and sorting
  // anyway copied every key list: tens of MB of garbage per restatement of a bulk step.
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (!inOrder(keys)) keys.sort();
  let first = true;
  emit('{');
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (!first) emit(',');
    emit(quotedKey(key));
    first = false;
    writeCanonical(member, emit);
  }
  emit('}');
}

function inOrder(keys: readonly string[]): boolean {
  for (let index = 1; index < keys.length; index += 1) if ((keys[index - 1] as string) > (keys[index] as string)) return false;
  return true;
}

/** `"key":` for each key seen, kept: steps repeat a handful of keys thousands of times. */
const QUOTED_KEYS = new Map<string, string>();
const MAX_QUOTED_KEYS = 1_000;

function quotedKey(key: string): string {
  const known = QUOTED_KEYS.get(key);
  if (known !== undefined) return known;
  const quoted = `${JSON.stringify(key)}:`;
  if (QUOTED_KEYS.size < MAX_QUOTED_KEYS) QUOTED_KEYS.set(key, quoted);
  return quoted;
}

// ---------------------------------------------------------------------------------------------
// Facts
// ---------------------------------------------------------------------------------------------

/** Where a step came from. A detector's or the user's own step has no run and no untrusted context. */
export interface StepProvenance {
  readonly runId: string | null;
  /** Every untrusted item (mail, event, file others wrote) that was in the model's context. */
  readonly untrustedItemIds: readonly string[];
}

export const NO_PROVENANCE: StepProvenance = { runId: null, untrustedItemIds: [] };

/** Where an address was seen in an item someone else wrote. */
export interface AddressSighting {
  readonly itemId: string;
  /** "Eve <eve@evil.example>" */
  readonly from: string;
  readonly subject: string;
}

export interface RecipientFact {
  /** Lower case. */
  readonly address: string;
  readonly domain: string;
  /** One of the user's own addresses. */
  readonly own: boolean;
  /** The user has sent mail to it before (userHasWrittenTo). */
  readonly writtenBefore: boolean;
  /** It takes part in the conversation the step answers. */
  readonly inThread: boolean;
  /** The first untrusted item in the model's context that mentions it; null when none does. */
  readonly seenIn: AddressSighting | null;
}

/** The conversation a step answers: who took part in the message it replies to. */
export interface ThreadFacts {
  /** Lower-case addresses of its sender and recipients. */
  readonly participants: readonly string[];
  /** The domain of the message's sender: "the thread's domain". */
  readonly domain: string;
}

export interface StepFacts {
  readonly capability: CapabilityId;
  readonly args: unknown;
  readonly argsHash: string;
  readonly recipients: readonly RecipientFact[];
  /** Every domain the step reaches (its recipients'), sorted. */
  readonly domains: readonly string[];
  /** The sender's domain of the message the step answers; null when it answers none. */
  readonly threadDomain: string | null;
  /** Every domain in that message (sender and recipients); empty when it answers none. */
  readonly threadDomains: readonly string[];
  readonly provenance: StepProvenance;
  readonly actor: Actor;
}

/** The database's answers the facts need (fact-lookups.ts; plain functions in tests). */
export interface FactLookups {
  /** The account's own addresses (the user's). */
  ownAddresses(accountId: string): readonly string[];
  userHasWrittenTo(ownAddresses: readonly string[], address: string): boolean;
  /** The message with this Message-ID in the account, as a conversation; null when unknown. */
  thread(accountId: string, messageId: string): ThreadFacts | null;
  /** The first of these items (in order) that mentions the address. */
  sighting(address: string, itemIds: readonly string[]): AddressSighting | null;
}

export interface FactsInput {
  readonly capability: CapabilityId;
  readonly accountId: string;
  readonly args: unknown;
  readonly provenance: StepProvenance;
  readonly actor: Actor;
}

export function computeFacts(input: FactsInput, lookups: FactLookups): StepFacts {
  const own = lookups.ownAddresses(input.accountId).map((a) => a.toLowerCase());
  const replyTo = messageIdAnswered(input.args);
  const thread = replyTo ? lookups.thread(input.accountId, replyTo) : null;
  const inThread = new Set(thread?.participants ?? []);
  const recipients = recipientAddresses(input.args).map((address): RecipientFact => {
    const isOwn = own.includes(address);
    return {
      address,
      domain: domainOf(address),
      own: isOwn,
      writtenBefore: isOwn || lookups.userHasWrittenTo(own, address),
      inThread: inThread.has(address),
      seenIn: lookups.sighting(address, input.provenance.untrustedItemIds),
    };
  });
  return {
    capability: input.capability,
    args: input.args,
    argsHash: hashArgs(input.args),
    recipients,
    domains: [...new Set(recipients.map((r) => r.domain))].sort(),
    threadDomain: thread?.domain ?? null,
    threadDomains: [...new Set((thread?.participants ?? []).map(domainOf))].sort(),
    provenance: input.provenance,
    actor: input.actor,
  };
}

/**
 * Why an outward step must be asked about, whatever the grants: untrusted content was in the
 * model's context, a recipient is new, or a recipient is outside the conversation's domains.
 * Empty for steps that are not outward.
 */
export function taintOf(facts: StepFacts): TaintReason[] {
  const risk = CAPABILITIES[facts.capability].risk;
  if (risk !== 'outward' && risk !== 'destructive') return [];
  const reasons: TaintReason[] = [];
  if (facts.provenance.untrustedItemIds.length > 0) {
    reasons.push({ kind: 'untrusted-context', itemCount: facts.provenance.untrustedItemIds.length });
  }
  // A destructive step reaches nobody: only what the model read can have steered it.
  if (risk === 'destructive') return reasons;
  for (const r of facts.recipients) {
    if (!r.writtenBefore && !r.inThread) reasons.push({ kind: 'new-recipient', address: r.address });
    const threadDomain = facts.threadDomain;
    if (threadDomain !== null && !r.own && !facts.threadDomains.includes(r.domain)) {
      reasons.push({ kind: 'foreign-domain', address: r.address, domain: r.domain, threadDomain });
    }
  }
  return reasons;
}

/** What the card shows for a tainted step; null when the step is not tainted. */
export function cautionOf(facts: StepFacts): StepCaution | null {
  const reasons = taintOf(facts);
  if (reasons.length === 0) return null;
  return {
    reasons,
    words: reasons.map(describeTaint),
    recipients: facts.recipients.map((r): RecipientOrigin => ({ address: r.address, known: r.writtenBefore, origin: originWords(r) })),
  };
}

function originWords(r: RecipientFact): string {
  if (r.own) return 'one of your own addresses';
  if (r.seenIn) return `this address appeared in a mail from ${r.seenIn.from}${r.seenIn.subject ? ` (“${r.seenIn.subject}”)` : ''}`;
  if (r.inThread) return 'takes part in the conversation this answers';
  if (r.writtenBefore) return 'you have written to this address before';
  return 'this address appears in no mail Steward has: the model wrote it';
}

// ---------------------------------------------------------------------------------------------
// Reading arguments
// ---------------------------------------------------------------------------------------------

/** Argument keys that name people a step reaches, in any connector's arguments. */
const RECIPIENT_KEYS = new Set(['to', 'cc', 'bcc', 'attendees', 'organizer', 'invitees', 'recipients']);
const ADDRESS = /[a-z0-9._%+'-]+@[a-z0-9.-]+\.[a-z]{2,}/gi;
/** An iCalendar ORGANIZER line; the first test stops most strings before any match is built. */
const ORGANIZER_LINE = /^ORGANIZER[^:\r\n]*:mailto:/im;
const ORGANIZER_LINES = /^ORGANIZER[^:\r\n]*:mailto:([^\r\n]+)/gim;

/**
 * Every address a step's arguments send to, lower-cased, once each: under recipient keys
 * ({ name, address } objects or bare strings), and the organiser of an invitation's iCalendar
 * text (answering tells the organiser). Structural, so no connector needs a case here.
 */
export function recipientAddresses(args: unknown): string[] {
  const found = new Set<string>();
  // Walked for every step the gate reviews, a bulk move's thousands of message references
  // included: so without a list of entries per object or a regex iterator per string.
  const visit = (value: unknown, underRecipientKey: boolean): void => {
    if (typeof value === 'string') {
      if (underRecipientKey) for (const match of value.match(ADDRESS) ?? []) found.add(match.toLowerCase());
      else if (ORGANIZER_LINE.test(value)) for (const organizer of value.matchAll(ORGANIZER_LINES)) found.add((organizer[1] ?? '').trim().toLowerCase());
      return;
    }
    if (Array.isArray(value)) {
      for (const v of value) visit(v, underRecipientKey);
      return;
    }
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const key in record) {
        if (!Object.hasOwn(record, key)) continue;
        visit(record[key], underRecipientKey ? key === 'address' || key === 'email' : RECIPIENT_KEYS.has(key));
      }
    }
  };
  visit(args, false);
  found.delete('');
  return [...found];
}

/** The Message-ID a step answers (a reply's inReplyTo), when it names one. */
function messageIdAnswered(args: unknown): string | null {
  if (!args || typeof args !== 'object') return null;
  const value = (args as Record<string, unknown>).inReplyTo;
  return typeof value === 'string' && value !== '' ? value : null;
}

export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}
