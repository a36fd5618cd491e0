/**
 * Schemas for everything a client sends to the engine. The renderer and the network are
 * untrusted, so the engine parses every call's input with these before doing anything.
 */
import { z } from 'zod';
import { accountInput, addFolderInput, removeFolderInput, signInInput } from '../connectors/index.js';
import { APPS, CAPABILITIES, type AppId, type CapabilityId } from '../domain/capabilities.js';

const id = z.string().trim().min(1, 'an id is required').max(200);

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a domain looks like example.com');
const placeList = z.array(z.string().trim().min(1).max(300)).max(50);
const grantPredicate = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('own-domain') }),
  z.object({ kind: z.literal('recipient-domains'), domains: z.array(domain).min(1, 'name at least one domain').max(50) }),
  z.object({ kind: z.literal('detector'), detector: z.string().trim().min(1).max(50) }),
]);

const appIds = Object.keys(APPS) as [AppId, ...AppId[]];
const capabilityIds = Object.keys(CAPABILITIES) as [CapabilityId, ...CapabilityId[]];

const isoTime = z.string().datetime({ offset: true, message: 'a time like 2026-12-01T09:00:00Z' });

/**
 * What the ledger viewer and `steward ledger` filter by. Decision is the gate's verdict (its
 * entries' kinds); actor matches exactly or as a prefix before ":" ("user" is every user:…).
 */
export const ledgerFilter = z.object({
  kind: z.string().max(100).optional(),
  app: z.enum(appIds).optional(),
  capability: z.enum(capabilityIds).optional(),
  decision: z.enum(['asked', 'allowed', 'denied', 'refused']).optional(),
  actor: z.string().trim().min(1).max(200).optional(),
  /** From this time on (inclusive). */
  since: isoTime.optional(),
  /** Before this time (exclusive). */
  until: isoTime.optional(),
});
export type LedgerFilter = z.infer<typeof ledgerFilter>;

export const inputs = {
  getStatus: z.void(),
  listAccounts: z.void(),
  listSuggestions: z
    .object({ include: z.enum(['open', 'all']).default('open') })
    .default({ include: 'open' }),
  getSuggestion: z.object({ id }),
  listActivity: z.object({ limit: z.number().int().min(1).max(500).default(50) }).default({ limit: 50 }),
  listGrants: z.void(),
  listLedger: z
    .object({
      limit: z.number().int().min(1).max(1000).default(200),
      beforeSeq: z.number().int().min(1).optional(),
      /** Oldest first, from after this entry (0: from the start): how an export reads the whole ledger in order. */
      afterSeq: z.number().int().min(0).optional(),
      ...ledgerFilter.shape,
    })
    .default({ limit: 200 }),
  verifyLedger: z.void(),
  /** Coming events across calendars, from now to `days` days ahead. */
  listEvents: z.object({ days: z.number().int().min(1, 'at least 1 day').max(366, 'at most 366 days').default(7) }).default({ days: 7 }),
  acceptLedger: z.void(),
  listInterruptions: z.object({ limit: z.number().int().min(1).max(200).default(50) }).default({ limit: 50 }),
  getConfig: z.void(),
  /** The value is checked against the key's own schema by the engine (shared/config). */
  setConfig: z.object({ key: z.string().min(1).max(100), value: z.unknown() }),

  pause: z.object({ reason: z.string().max(500).optional() }).default({}),
  resume: z.void(),
  reportPresence: z.object({ state: z.enum(['active', 'idle', 'locked', 'suspended', 'resumed', 'unlocked']) }),
  testAccount: accountInput,
  addAccount: accountInput,
  beginSignIn: signInInput,
  completeSignIn: z.object({ signInId: id }),
  cancelSignIn: z.object({ signInId: id }),
  removeAccount: z.object({ id }),
  updateAccountPassword: z.object({ id, password: z.string().min(1, 'the password is required').max(4096) }),
  /** The account's kind checks `settings` (IMAP: folders for roles, archive folder, history days). */
  updateAccountSettings: z.object({ id, settings: z.record(z.string(), z.unknown()) }),
  listAccountFolders: z.object({ id }),
  /**
   * `send`: for a plan that composes a message, true sends it (through the outbox's undo window)
   * and false saves it as a draft; absent, the plan runs as it stands.
   */
  approveSuggestion: z.object({
    id,
    revision: z.number().int().min(1).optional(),
    send: z.boolean().optional(),
    /** "Always do this": after approving, make a rule from the plan's structured fields. */
    always: z.boolean().optional(),
  }),
  /** A new text for the message a plan composes, saved as a new revision of the suggestion. */
  editSuggestion: z.object({
    id,
    revision: z.number().int().min(1),
    body: z.string().max(200_000, 'the message is too long (at most 200,000 characters)'),
  }),
  dismissSuggestion: z.object({ id }),
  undo: z.object({ id }),
  getModelSettings: z.void(),
  /** The key goes to the secret store and is never sent back; null removes it. */
  setApiKey: z.object({ apiKey: z.string().max(1000).nullable() }),
  listRuns: z
    .object({
      limit: z.number().int().min(1).max(500).default(50),
      before: z.string().max(40).optional(),
      job: z.string().max(40).optional(),
    })
    .default({ limit: 50 }),
  listPreferences: z.void(),
  addPreference: z.object({ text: z.string().max(2000) }),
  updatePreference: z.object({ id, text: z.string().max(2000) }),
  removePreference: z.object({ id }),
  listFolders: z.void(),
  addFolder: addFolderInput,
  removeFolder: removeFolderInput,
  workingOn: z.object({ days: z.number().int().min(1).max(90).default(7) }).default({ days: 7 }),
  setGrant: z.object({
    app: z.enum(appIds),
    capability: z.enum(capabilityIds),
    mode: z.enum(['deny', 'ask', 'allow']),
    /** One connected account's own grant; absent or null: the app's, for every account of it. */
    accountId: id.nullable().optional(),
    /** Where an Allow applies (empty lists: anywhere). */
    scope: z
      .object({ folders: placeList.default([]), calendars: placeList.default([]), pathRoots: placeList.default([]) })
      .optional(),
    /** What an Allow requires of each step (all must hold). */
    predicates: z.array(grantPredicate).max(10).optional(),
    /** When the grant lapses (ISO time); null or absent: never. */
    expiresAt: z.iso.datetime({ offset: true, message: 'the expiry must be a date and time, e.g. 2026-12-09T00:00:00Z' }).nullable().optional(),
    /** The second confirmation an Allow of a destructive capability needs. */
    confirm: z.boolean().optional(),
  }),
  /** Back to the app's grant (or the default) for this account. */
  clearGrant: z.object({ app: z.enum(appIds), capability: z.enum(capabilityIds), accountId: id }),
  listRules: z.void(),
  /** "Always do this" on a suggestion the user approved. */
  createRule: z.object({ suggestionId: id, name: z.string().trim().max(200).optional() }),
  /** Rename, pause or resume a rule, or change its fields (null: any). */
  updateRule: z.object({
    id,
    name: z.string().trim().min(1, 'a rule needs a name').max(200).optional(),
    paused: z.boolean().optional(),
    capabilities: z.array(z.enum(capabilityIds)).min(1, 'a rule needs at least one capability').max(20).optional(),
    detector: z.string().trim().min(1).max(50).nullable().optional(),
    sender: z.email({ message: 'the sender must be an email address' }).toLowerCase().nullable().optional(),
    listId: z.string().trim().min(1).max(300).nullable().optional(),
    folder: z.string().trim().min(1).max(300).nullable().optional(),
    recipientDomain: domain.nullable().optional(),
  }),
  deleteRule: z.object({ id }),
} as const;

export type ApiInputs = { [K in keyof typeof inputs]: z.input<(typeof inputs)[K]> };
export type ParsedInputs = { [K in keyof typeof inputs]: z.output<(typeof inputs)[K]> };
