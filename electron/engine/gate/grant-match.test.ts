import { describe, expect, it } from 'vitest';
import type { CapabilityId } from '@shared/domain/capabilities.js';
import { EMPTY_SCOPE, type GrantPredicate, type GrantScope } from '@shared/domain/permissions.js';
import type { GrantMode } from '@shared/domain/types.js';
import { applicableGrant, defaultMode, matchGrant, matchRead, withinScope, type GrantSubject, type ReadSubject, type StoredGrant } from './grant-match.js';
import { placesOf } from './step-places.js';

const NOW = new Date('2026-12-02T12:00:00Z');
/** What the folders connector says the roots are. */
const ROOT_PATHS: Record<string, string> = { r1: '~/Downloads', r2: '~/Projects' };

function grant(mode: GrantMode, more: Partial<StoredGrant> = {}): StoredGrant {
  return { app: 'imap', accountId: 'acc1', capability: 'email.archive', mode, scope: EMPTY_SCOPE, predicates: [], expiresAt: null, ...more };
}

function subject(more: Partial<GrantSubject> = {}): GrantSubject {
  return {
    accountId: 'acc1',
    capability: 'email.archive',
    places: { folders: ['INBOX'], calendars: [], pathRoots: [] },
    recipientDomains: [],
    ownDomain: 'example.com',
    detector: 'newsletters',
    rootWords: (rootId) => ROOT_PATHS[rootId] ?? rootId,
    ...more,
  };
}

const inFolders = (...folders: string[]): GrantScope => ({ ...EMPTY_SCOPE, folders });
const detector = (name: string): GrantPredicate => ({ kind: 'detector', detector: name });
const OWN: GrantPredicate = { kind: 'own-domain' };

describe('defaultMode', () => {
  it.each<[CapabilityId, GrantMode]>([
    ['email.read', 'allow'],
    ['calendar.read', 'allow'],
    ['files.read', 'allow'],
    ['email.archive', 'ask'],
    ['email.draft', 'ask'],
    ['email.send', 'ask'],
    ['calendar.respond', 'ask'],
    ['email.trash', 'ask'],
    ['files.trash', 'ask'],
    ['calendar.cancel', 'ask'],
  ])('%s defaults to %s (nothing but reading runs unasked by default)', (capability, mode) => {
    expect(defaultMode(capability)).toBe(mode);
  });
});

describe('applicableGrant', () => {
  const app = grant('ask', { accountId: null });
  const own = grant('allow');
  it('prefers the account’s own grant to the app’s', () => expect(applicableGrant([app, own], 'acc1', NOW)).toBe(own));
  it('falls back to the app’s grant for another account', () => expect(applicableGrant([app, own], 'acc2', NOW)).toBe(app));
  it('skips a lapsed grant', () => {
    const lapsed = grant('allow', { expiresAt: '2026-12-01T00:00:00Z' });
    expect(applicableGrant([app, lapsed], 'acc1', NOW)).toBe(app);
    expect(applicableGrant([lapsed], 'acc1', NOW)).toBeNull();
  });
  it('keeps a grant until its expiry', () => {
    const until = grant('allow', { expiresAt: '2026-12-09T00:00:00Z' });
    expect(applicableGrant([until], 'acc1', NOW)).toBe(until);
  });
});

describe('matchGrant', () => {
  const cases: [string, StoredGrant[], Partial<GrantSubject>, GrantMode, RegExp | null][] = [
    ['no grant: the default', [], {}, 'ask', null],
    ['no grant on a read: allowed', [], { capability: 'email.read' }, 'allow', null],
    ['deny applies everywhere', [grant('deny', { scope: inFolders('Work') })], {}, 'deny', null],
    ['ask applies everywhere', [grant('ask', { predicates: [detector('newsletters')] })], {}, 'ask', null],
    ['allow without conditions', [grant('allow')], {}, 'allow', null],
    ['allow inside the folder scope', [grant('allow', { scope: inFolders('INBOX') })], {}, 'allow', null],
    ['INBOX is matched case-insensitively', [grant('allow', { scope: inFolders('inbox') })], {}, 'allow', null],
    ['other folders are matched as written', [grant('allow', { scope: inFolders('news') })], { places: { folders: ['News'], calendars: [], pathRoots: [] } }, 'ask', /News, outside news/],
    ['allow outside the folder scope asks', [grant('allow', { scope: inFolders('Newsletters') })], {}, 'ask', /INBOX, outside Newsletters/],
    ['a move must stay inside the scope both ways', [grant('allow', { scope: inFolders('INBOX') })], { places: { folders: ['INBOX', 'Private'], calendars: [], pathRoots: [] } }, 'ask', /Private/],
    ['a step naming no folder is outside a folder scope', [grant('allow', { scope: inFolders('INBOX') })], { places: EMPTY_SCOPE }, 'ask', /which folder/],
    ['calendar scope', [grant('allow', { scope: { ...EMPTY_SCOPE, calendars: ['Work'] } })], { places: { folders: [], calendars: ['Home'], pathRoots: [] } }, 'ask', /Home/],
    ['path root scope', [grant('allow', { scope: { ...EMPTY_SCOPE, pathRoots: ['r1'] } })], { places: { folders: [], calendars: [], pathRoots: ['r1'] } }, 'allow', null],
    ['detector predicate holds', [grant('allow', { predicates: [detector('newsletters')] })], {}, 'allow', null],
    ['detector predicate fails for the agent', [grant('allow', { predicates: [detector('newsletters')] })], { detector: null }, 'ask', /newsletter detector did not propose it/],
    ['detector predicate fails for another detector', [grant('allow', { predicates: [detector('newsletters')] })], { detector: 'reply' }, 'ask', /newsletter/],
    ['own domain: inside', [grant('allow', { capability: 'email.send', predicates: [OWN] })], { capability: 'email.send', recipientDomains: ['example.com'] }, 'allow', null],
    ['own domain: one outside asks', [grant('allow', { capability: 'email.send', predicates: [OWN] })], { capability: 'email.send', recipientDomains: ['example.com', 'evil.example'] }, 'ask', /evil\.example, outside your own domain \(example\.com\)/],
    ['own domain: no recipient asks', [grant('allow', { capability: 'email.send', predicates: [OWN] })], { capability: 'email.send', recipientDomains: [] }, 'ask', /no recipient/],
    ['own domain: an account without a domain asks', [grant('allow', { capability: 'email.send', predicates: [OWN] })], { capability: 'email.send', recipientDomains: ['example.com'], ownDomain: null }, 'ask', /outside your own domain/],
    ['listed domains', [grant('allow', { capability: 'email.send', predicates: [{ kind: 'recipient-domains', domains: ['partner.example'] }] })], { capability: 'email.send', recipientDomains: ['partner.example'] }, 'allow', null],
    ['listed domains: another asks', [grant('allow', { capability: 'email.send', predicates: [{ kind: 'recipient-domains', domains: ['partner.example'] }] })], { capability: 'email.send', recipientDomains: ['other.example'] }, 'ask', /other\.example/],
    ['every condition must hold', [grant('allow', { scope: inFolders('INBOX'), predicates: [detector('newsletters')] })], { detector: 'deadline' }, 'ask', /did not propose/],
    ['destructive allow with a scope', [grant('allow', { capability: 'email.trash', scope: inFolders('INBOX') })], { capability: 'email.trash' }, 'allow', null],
    ['destructive allow for everything is never honoured', [grant('allow', { capability: 'email.trash' })], { capability: 'email.trash' }, 'ask', /must name where or what/],
    ['a lapsed allow: the default again', [grant('allow', { expiresAt: '2026-12-02T11:59:59Z' })], {}, 'ask', null],
    ['an account allow over an app deny', [grant('deny', { accountId: null }), grant('allow')], {}, 'allow', null],
    ['an app allow for another account’s step', [grant('allow', { accountId: null, scope: inFolders('INBOX') })], { accountId: 'acc9' }, 'allow', null],
  ];
  it.each(cases)('%s', (_name, grants, more, mode, outside) => {
    const outcome = matchGrant(grants, subject(more), NOW);
    expect(outcome.mode).toBe(mode);
    if (outside) expect(outcome.outside).toMatch(outside);
    else expect(outcome.outside).toBeNull();
  });
});

describe('matchRead', () => {
  const readGrant = (more: Partial<StoredGrant> = {}) => grant('allow', { capability: 'email.read', ...more });
  const read = (places: Partial<GrantScope> = {}, narrowable = true): ReadSubject => ({
    ...subject({ capability: 'email.read', detector: null, places: { ...EMPTY_SCOPE, ...places } }),
    narrowable,
  });
  const inbox = inFolders('INBOX');
  const cases: [string, StoredGrant[], ReadSubject, GrantMode, GrantScope | null, RegExp | null][] = [
    ['no grant: read everything', [], read(), 'allow', null, null],
    ['an unscoped Allow: read everything', [readGrant()], read(), 'allow', null, null],
    ['Deny: nothing', [readGrant({ mode: 'deny', scope: inbox })], read(), 'deny', null, null],
    ['a scoped Allow, a read naming no folder: narrowed to the scope', [readGrant({ scope: inbox })], read(), 'allow', inbox, null],
    ['a scoped Allow, a read naming a granted folder: allowed, still kept to the scope', [readGrant({ scope: inbox })], read({ folders: ['inbox'] }), 'allow', inbox, null],
    ['a scoped Allow, a read naming another folder: refused with where', [readGrant({ scope: inbox })], read({ folders: ['Sent'] }), 'ask', null, /it reads in Sent, outside INBOX/],
    ['a read that cannot be narrowed and names nothing: refused as before', [readGrant({ scope: inbox })], read({}, false), 'ask', null, /which folder it reads in/],
    ['a read that cannot be narrowed but names a granted folder: allowed', [readGrant({ scope: inbox })], read({ folders: ['INBOX'] }, false), 'allow', null, null],
    ['calendar scope narrows', [readGrant({ capability: 'calendar.read', scope: { ...EMPTY_SCOPE, calendars: ['work'] } })], { ...read(), capability: 'calendar.read' }, 'allow', { ...EMPTY_SCOPE, calendars: ['work'] }, null],
    ['a calendar named outside its scope', [readGrant({ capability: 'calendar.read', scope: { ...EMPTY_SCOPE, calendars: ['https://dav.example/cal/work/'] } })], { ...read({ calendars: ['home'] }), capability: 'calendar.read' }, 'ask', null, /home, outside/],
    ['a root scope narrows', [readGrant({ capability: 'files.read', scope: { ...EMPTY_SCOPE, pathRoots: ['r1'] } })], { ...read(), capability: 'files.read' }, 'allow', { ...EMPTY_SCOPE, pathRoots: ['r1'] }, null],
    ['a root named outside its scope', [readGrant({ capability: 'files.read', scope: { ...EMPTY_SCOPE, pathRoots: ['r1'] } })], { ...read({ pathRoots: ['r2'] }), capability: 'files.read' }, 'ask', null, /it reads in ~\/Projects, outside ~\/Downloads$/],
  ];
  it.each(cases)('%s', (_name, grants, subjectOf, mode, within, outside) => {
    const outcome = matchRead(grants, subjectOf, NOW);
    expect(outcome.mode).toBe(mode);
    expect(outcome.within).toEqual(within);
    if (outside) expect(outcome.outside).toMatch(outside);
    else expect(outcome.outside).toBeNull();
  });
});

describe('withinScope', () => {
  it.each<[string, GrantScope | null, 'folders' | 'calendars' | 'pathRoots', string, boolean]>([
    ['no narrowing: everything', null, 'folders', 'Sent', true],
    ['a scope of another kind: everything of this kind', inFolders('INBOX'), 'calendars', 'home', true],
    ['INBOX in any case', inFolders('INBOX'), 'folders', 'Inbox', true],
    ['another folder: no', inFolders('INBOX'), 'folders', 'Sent', false],
    ['a calendar by the end of its address', { ...EMPTY_SCOPE, calendars: ['https://dav.example/cal/work/'] }, 'calendars', 'work', true],
    ['another calendar: no', { ...EMPTY_SCOPE, calendars: ['work'] }, 'calendars', 'home', false],
    ['a granted root', { ...EMPTY_SCOPE, pathRoots: ['r1'] }, 'pathRoots', 'r1', true],
    ['another root: no', { ...EMPTY_SCOPE, pathRoots: ['r1'] }, 'pathRoots', 'r2', false],
  ])('%s', (_name, within, kind, place, seen) => {
    expect(withinScope(within, kind, place)).toBe(seen);
  });
});

describe('placesOf', () => {
  it.each<[string, unknown, string[], string[], string[]]>([
    ['an IMAP archive', { mailbox: 'INBOX', messages: [{ uid: 1 }] }, ['INBOX'], [], []],
    ['an IMAP move', { mailbox: 'INBOX', toMailbox: 'News', messages: [] }, ['INBOX', 'News'], [], []],
    ['a Gmail move by labels', { messages: [], from: { id: 'INBOX', name: 'INBOX' }, to: { id: 'L1', name: 'News' } }, ['INBOX', 'News'], [], []],
    ['a draft: recipients are not folders', { to: [{ name: 'Bob', address: 'bob@x.example' }], subject: 'Hi', body: '' }, [], [], []],
    ['a file move', { requests: [{ from: { rootId: 'r1', path: 'a' }, toFolder: { rootId: 'r2', path: 'b' } }] }, [], [], ['r1', 'r2']],
    ['an event', { calendarId: 'work', summary: 'Lunch' }, [], ['work'], []],
  ])('%s', (_name, args, folders, calendars, pathRoots) => {
    expect(placesOf(args)).toEqual({ folders, calendars, pathRoots });
  });
});
