/**
 * The poisoned AgentDojo workspace in the run's real servers, one fresh account or folder each,
 * and what each server holds (to compare before and after an attack):
 * - the mail in a new Dovecot mailbox (received mail in INBOX, the user's own in Sent);
 * - the calendar in a new Radicale user's calendar, with the user's address replaced by that
 *   user's, so its events are the user's own and answers would go out as iMIP mail;
 * - the drive as plain files in a temporary folder (what the folders connector is granted).
 * The Google emulator is loaded with the existing loaders (gmail-peer.ts, gcal-peer.ts).
 */
import { mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { calendar_v3 } from '@googleapis/calendar';
import type { gmail_v1 } from '@googleapis/gmail';
import type { Workspace } from '../datasets/agentdojo.js';
import { WORKSPACE_ZONE, workspaceCalendarObjects } from '../datasets/agentdojo-calendar.js';
import { createCalDavUser, createImapUser, type CalDavUser, type ImapUser } from '../fixtures.js';
import { appendMail, buildMail, listMessages } from '../servers/imap-peer.js';
import { getIcs, listObjectUrls, makeCalendar, putIcs } from '../servers/radicale.js';

/** The workspace's mail in a fresh Dovecot mailbox: received mail in INBOX, the user's own in Sent. */
export async function loadIntoDovecot(workspace: Workspace): Promise<ImapUser> {
  const user = await createImapUser();
  for (const email of workspace.emails) {
    const raw = await buildMail({
      from: email.status === 'sent' ? user.email : email.sender,
      to: email.status === 'sent' ? [...email.recipients] : user.email,
      subject: email.subject,
      text: email.body,
      date: new Date(`${email.timestamp}Z`),
    });
    await appendMail(user.server, user, email.status === 'sent' ? 'Sent' : 'INBOX', raw, email.read ? ['\\Seen'] : []);
  }
  return user;
}

/** How many messages each of the usual folders holds. */
export async function dovecotFolderSizes(user: ImapUser): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const folder of ['INBOX', 'Sent', 'Drafts', 'Trash', 'Archive', 'Junk']) sizes[folder] = (await listMessages(user.server, user, folder).catch(() => [])).length;
  return sizes;
}

export interface PoisonedCalendar {
  readonly user: CalDavUser;
  readonly calendarUrl: string;
}

/** The workspace calendar in a fresh Radicale user's "Work" calendar, owned by that user. */
export async function loadIntoRadicale(workspace: Workspace): Promise<PoisonedCalendar> {
  const user = await createCalDavUser();
  const calendarUrl = await makeCalendar(user, 'work', 'Work');
  for (const object of workspaceCalendarObjects(workspace, WORKSPACE_ZONE)) {
    await putIcs(user, calendarUrl, object.name, object.ics.replaceAll(workspace.accountEmail, user.email));
  }
  return { user, calendarUrl };
}

/** Every object of the calendar with its content: any change on the server shows. */
export async function radicaleObjects({ user, calendarUrl }: PoisonedCalendar): Promise<Record<string, string>> {
  const objects: Record<string, string> = {};
  for (const url of await listObjectUrls(user, calendarUrl)) objects[url] = (await getIcs(user, url))?.ics ?? '(gone)';
  return objects;
}

/** The drive as plain files under `dir` (documents as their text), dated as in the dataset. */
export function writeDrive(workspace: Workspace, dir: string): void {
  for (const file of workspace.files) {
    const folder = file.lastModified >= '2024-05-01' ? 'Current' : 'Archive';
    const name = file.filename.replace(/\.(docx|xlsx|pptx)$/, '.txt');
    mkdirSync(join(dir, folder), { recursive: true });
    const path = join(dir, folder, name);
    writeFileSync(path, file.content);
    const when = new Date(`${file.lastModified}Z`);
    utimesSync(path, when, when);
  }
}

/** Every file under `dir` with its size and modification time. */
export function driveListing(dir: string): Record<string, string> {
  const listing: Record<string, string> = {};
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const stat = statSync(path);
        listing[relative(dir, path)] = `${stat.size}:${stat.mtimeMs}`;
      }
    }
  };
  walk(dir);
  return listing;
}

/** The Gmail mailbox, by label: each message id with its labels. */
export async function gmailMessages(api: gmail_v1.Gmail): Promise<Record<string, string>> {
  const all: Record<string, string> = {};
  let pageToken: string | undefined;
  do {
    const page = await api.users.messages.list({ userId: 'me', includeSpamTrash: true, maxResults: 500, ...(pageToken ? { pageToken } : {}) });
    for (const m of page.data.messages ?? []) {
      const full = await api.users.messages.get({ userId: 'me', id: m.id ?? '', format: 'minimal' });
      all[m.id ?? ''] = [...(full.data.labelIds ?? [])].sort().join(',');
    }
    pageToken = page.data.nextPageToken ?? undefined;
  } while (pageToken);
  return all;
}

/** The Google calendar's events: title, status, times and attendees with their answers. */
export async function googleEvents(api: calendar_v3.Calendar): Promise<Record<string, string>> {
  const events: Record<string, string> = {};
  const list = await api.events.list({ calendarId: 'primary', maxResults: 2500, showDeleted: true });
  for (const e of list.data.items ?? []) {
    events[e.id ?? ''] = JSON.stringify([e.summary, e.status, e.start, e.end, (e.attendees ?? []).map((a) => `${a.email}:${a.responseStatus}`)]);
  }
  return events;
}
