/**
 * Read tools by capability: each connected kind of data (mail, events, files) plugs in here with
 * one line, and the broker looks them up by the tool's capability. A capability without a
 * provider answers "not connected", in words the model can work with.
 */
import type { GrantScope } from '@shared/domain/permissions.js';
import type { StoredAccount } from '../../accounts/account-store.js';
import type { Places } from '../../gate/grant-match.js';
import type { ReadToolCall, ReadToolResult } from '../tool-broker.js';
import type { ReadCapabilityId } from '../tools/tool-spec.js';
import { calendarReadTools, type CalendarReadDeps } from './calendar-read-tools.js';
import { filesReadTools, type FilesReadDeps } from './files-read-tools.js';
import { mailReadTools, type MailReadDeps } from './mail-read-tools.js';

/**
 * An account the gate let a read through, and the places its answer must stay in: what a scoped
 * Allow covers (folders, calendars, folder roots); null when the grant has no scope.
 */
export interface ReadableAccount {
  readonly account: StoredAccount;
  readonly within: GrantScope | null;
}

/** Answers the read tools of one capability, over the accounts the gate allowed, within their scopes. */
export interface ReadToolProvider {
  readonly capability: ReadCapabilityId;
  /** The places a call names in an account (the folder it searches, the calendar of the event it reads), for the gate. */
  placesNamed(call: ReadToolCall, account: StoredAccount): Places;
  read(call: ReadToolCall, accounts: readonly ReadableAccount[]): Promise<ReadToolResult>;
}

/** What providers are built from: the engine's stores. */
export type ReadToolDeps = MailReadDeps & FilesReadDeps & CalendarReadDeps;

const PROVIDERS: readonly ((deps: ReadToolDeps) => ReadToolProvider)[] = [mailReadTools, filesReadTools, calendarReadTools];

export function createReadToolProviders(deps: ReadToolDeps): ReadonlyMap<ReadCapabilityId, ReadToolProvider> {
  return new Map(PROVIDERS.map((create) => create(deps)).map((provider) => [provider.capability, provider]));
}
