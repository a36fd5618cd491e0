/**
 * The folders connector through the whole engine, on real temporary folders: a folder granted
 * through the API, a Downloads tidy-up proposed by the detector listing every file, moved only
 * on approval and put back by undo; duplicate downloads to the system Trash and back; files
 * outside the granted folder never read, whatever the links say.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineApi } from '../../shared/api/contract.js';
import type { Suggestion } from '../../shared/domain/types.js';
import { tempFolders, writeTree, type TempFolders } from '../../electron/engine/connectors/folders/testing/temp-folders.js';
import { databaseFile } from '../../electron/engine/paths.js';
import { MemorySecretStore } from '../../electron/engine/secrets/memory-secret-store.js';
import { accountInput, createImapUser, deliver, startTestEngine, type EngineHarness } from '../engine-fixture.js';
import { waitUntil } from '../wait-until.js';

// The system Trash lives under $XDG_DATA_HOME: a private one, so the test never touches the real one.
const trashHome = await vi.hoisted(async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'steward-trash-home-')));
  process.env.XDG_DATA_HOME = path.join(home, '.local', 'share');
  return home;
});
afterAll(() => execFileSync('rm', ['-rf', trashHome]));

let temp: TempFolders;
let harness: EngineHarness;
let api: EngineApi;
const DAY = 86_400_000;

beforeEach(() => {
  temp = tempFolders();
  harness = startTestEngine({ secrets: new MemorySecretStore() });
  api = harness.engine.apiFor('cli');
});
afterEach(async () => {
  await harness.dispose();
  temp.cleanup();
});

async function suggestionOf(kind: Suggestion['kind']): Promise<Suggestion> {
  return waitUntil(`a ${kind} suggestion`, async () => (await api.listSuggestions()).find((s) => s.kind === kind), 20_000);
}

async function watching(name: string) {
  return waitUntil(`${name} watched`, async () => (await api.listFolders()).find((f) => f.name === name && f.state === 'watching'), 20_000);
}

describe('a granted Downloads folder', () => {
  it('proposes one tidy-up listing every old file, moves them only on approval, and undo puts every file back', async () => {
    const downloads = temp.folder('Downloads');
    const old = (days: number) => new Date(Date.now() - days * DAY);
    writeTree(downloads, {
      ...Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`statement-${i}.pdf`, { content: `pdf ${i}`, mtime: old(40 + i) }])),
      'fresh.pdf': { content: 'new', mtime: old(1) },
    });

    const folder = await api.addFolder({ path: downloads });
    expect(folder.name).toBe('Downloads');
    expect((await api.listAccounts()).map((a) => a.kind)).toEqual(['folders']);
    const listed = await watching('Downloads');
    expect(listed.scan.files).toBe(15);

    const tidy = await suggestionOf('downloads-tidy');
    expect(tidy.title).toMatch(/^Move 14 files older than 30 days from Downloads into Downloads\/Old \d{4}-\d{2}$/);
    const [step] = tidy.actions;
    expect(step?.capability).toBe('files.move');
    expect(step?.preview.kind === 'files-move' ? step.preview.files.map((f) => f.name).sort() : []).toEqual(
      Array.from({ length: 14 }, (_, i) => `statement-${i}.pdf`).sort(),
    );
    // Nothing moves before the user says yes.
    expect(readdirSync(downloads)).toHaveLength(15);

    const approved = await api.approveSuggestion({ id: tidy.id });
    expect(approved.actions[0]?.status).toBe('done');
    const dated = readdirSync(downloads).find((name) => name.startsWith('Old '));
    expect(readdirSync(downloads).sort()).toEqual([dated, 'fresh.pdf'].sort());
    expect(readdirSync(join(downloads, dated ?? ''))).toHaveLength(14);

    await api.undo({ id: tidy.id });
    expect(readdirSync(downloads).sort()).toEqual([...Array.from({ length: 14 }, (_, i) => `statement-${i}.pdf`), 'fresh.pdf'].sort());
    expect(readFileSync(join(downloads, 'statement-3.pdf'), 'utf8')).toBe('pdf 3');
    // The files came back, but the user has decided about them: not proposed again.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await api.listSuggestions()).filter((s) => s.kind === 'downloads-tidy')).toEqual([]);
  });

  it('puts duplicate downloads in the Trash on approval, keeps the original, and undo restores them', async () => {
    const downloads = temp.folder('Downloads');
    writeTree(downloads, { 'report.pdf': 'same bytes', 'report (1).pdf': 'same bytes', 'report (2).pdf': 'same bytes', 'notes.txt': 'other' });
    await api.addFolder({ path: downloads });
    const dups = await suggestionOf('duplicate-downloads');
    expect(dups.title).toBe('Move 2 duplicates of “report.pdf” in Downloads to the Trash');
    const preview = dups.actions[0]?.preview;
    expect(preview?.kind === 'files-trash' ? preview.keeps.map((f) => f.shownPath) : []).toEqual(['Downloads/report.pdf']);

    await api.approveSuggestion({ id: dups.id });
    expect(readdirSync(downloads).sort()).toEqual(['notes.txt', 'report.pdf']);
    const info = join(trashHome, '.local', 'share', 'Trash', 'info');
    const trashed = readdirSync(info).map((name) => readFileSync(join(info, name), 'utf8').match(/^Path=(.*)$/m)?.[1] ?? '');
    expect(trashed.map((path) => decodeURIComponent(path.slice(path.lastIndexOf('/') + 1))).sort()).toEqual(['report (1).pdf', 'report (2).pdf']);

    await api.undo({ id: dups.id });
    expect(readdirSync(downloads).sort()).toEqual(['notes.txt', 'report (1).pdf', 'report (2).pdf', 'report.pdf']);
    expect(readFileSync(join(downloads, 'report (2).pdf'), 'utf8')).toBe('same bytes');
  });

  it('refuses to undo a move over a file that appeared at the old place since, and says so', async () => {
    const downloads = temp.folder('Downloads');
    const old = new Date(Date.now() - 60 * DAY);
    writeTree(downloads, Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`old-${i}.zip`, { content: `zip ${i}`, mtime: old }])));
    await api.addFolder({ path: downloads });
    const tidy = await suggestionOf('downloads-tidy');
    await api.approveSuggestion({ id: tidy.id });
    writeFileSync(join(downloads, 'old-2.zip'), 'a new download with the same name');
    await expect(api.undo({ id: tidy.id })).rejects.toThrow(/old-2\.zip/);
    // The newcomer is untouched; the others came back; the one in the way stays in the dated folder.
    expect(readFileSync(join(downloads, 'old-2.zip'), 'utf8')).toBe('a new download with the same name');
    const dated = readdirSync(downloads).find((name) => name.startsWith('Old ')) ?? '';
    expect(readdirSync(join(downloads, dated))).toEqual(['old-2.zip']);
    expect(readdirSync(downloads).filter((name) => name.startsWith('old-')).sort()).toEqual(['old-0.zip', 'old-1.zip', 'old-2.zip', 'old-3.zip', 'old-4.zip']);
  });
});

describe('an email attachment also saved to Downloads', () => {
  it('offers to file it next to related work, moves it only on approval, and undo puts it back', async () => {
    const user = await createImapUser();
    await api.addAccount(accountInput(user));
    // Not a multiple of three bytes, so the base64 Dovecot counts has padding and many lines.
    const deck = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 256));
    await deliver(user, {
      from: '"Dana Wu" <dana@partner.example>',
      subject: 'Alpha launch deck',
      text: 'The deck is attached.',
      attachments: [{ filename: 'Launch deck.pdf', content: deck, contentType: 'application/pdf' }],
    });
    const [stored] = await waitUntil('the mail with its attachment synced', async () => storedAttachments(harness.dataDir)[0], 20_000);
    // Dovecot's BODYSTRUCTURE counts the base64 text, not the file's bytes: the rule must see through that.
    expect(stored).toMatchObject({ name: 'Launch deck.pdf', encoding: 'base64' });
    expect(stored?.size).toBeGreaterThan(deck.length);

    const projects = temp.folder('Projects');
    writeTree(projects, { 'Alpha/plan.md': '# Plan', 'Beta/notes.md': 'beta' });
    await api.addFolder({ path: projects });
    await watching('Projects');
    const downloads = temp.folder('Downloads');
    // Saved after the mail arrived, as a mail program's "Save attachment" does.
    writeFileSync(join(downloads, 'Launch deck.pdf'), deck);
    writeFileSync(join(downloads, 'unrelated.pdf'), 'not from any mail');
    await api.addFolder({ path: downloads });

    const offer = await suggestionOf('attachment-saved');
    expect(offer.title).toBe('File “Launch deck.pdf” in Projects/Alpha');
    expect(offer.why).toContain('Alpha launch deck');
    expect(offer.sources.map((source) => source.kind).sort()).toEqual(['file', 'mail']);
    const preview = offer.actions[0]?.preview;
    expect(offer.actions[0]?.capability).toBe('files.move');
    expect(preview?.kind === 'files-move' ? preview.files.map((f) => f.name) : []).toEqual(['Launch deck.pdf']);
    expect(readdirSync(downloads).sort()).toEqual(['Launch deck.pdf', 'unrelated.pdf']);

    await api.approveSuggestion({ id: offer.id });
    expect(readdirSync(downloads)).toEqual(['unrelated.pdf']);
    expect(readFileSync(join(projects, 'Alpha', 'Launch deck.pdf')).equals(deck)).toBe(true);

    await api.undo({ id: offer.id });
    expect(readdirSync(downloads).sort()).toEqual(['Launch deck.pdf', 'unrelated.pdf']);
    expect(readFileSync(join(downloads, 'Launch deck.pdf')).equals(deck)).toBe(true);
    expect(readdirSync(join(projects, 'Alpha'))).toEqual(['plan.md']);
    // Back in Downloads, but the user has decided about it: not offered again.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await api.listSuggestions()).filter((s) => s.kind === 'attachment-saved' && s.status === 'pending')).toEqual([]);
  });
});

/** The messages' attachments the engine has stored (read beside it, read-only). */
function storedAttachments(dataDir: string): { name: string; size: number; encoding?: string }[][] {
  const db = new Database(databaseFile(dataDir), { readonly: true });
  try {
    const rows = db.prepare(`SELECT attachments_json AS json FROM mail_messages WHERE attachments_json != '[]'`).all() as { json: string }[];
    return rows.map((row) => JSON.parse(row.json) as { name: string; size: number; encoding?: string }[]);
  } finally {
    db.close();
  }
}

describe('what is granted, and nothing else', () => {
  it('never indexes or reads what a link or ".." points to outside the folder', async () => {
    const outside = temp.folder('Private');
    writeFileSync(join(outside, 'secret.txt'), 'the password is swordfish');
    const projects = temp.folder('Projects');
    mkdirSync(join(projects, 'Alpha'));
    writeFileSync(join(projects, 'Alpha', 'plan.md'), '# Plan\nShip the alpha.');
    symlinkSync(join(outside, 'secret.txt'), join(projects, 'Alpha', 'secret-link.txt'));
    symlinkSync(outside, join(projects, 'escape'));
    symlinkSync('../Private', join(projects, 'dotdot'));

    // A path that climbs out with ".." is refused at the door, in words.
    await expect(api.addFolder({ path: join(projects, '..', 'Private', '..', '..') })).rejects.toThrow(/holds Steward's own data folder|contains|system folder/);
    await api.addFolder({ path: projects, name: 'Projects' });
    const listed = await watching('Projects');
    // plan.md and the three links are entries; nothing behind the links was taken in.
    expect(listed.scan.files).toBe(1);

    const groups = await api.workingOn({ days: 7 });
    expect(groups.flatMap((g) => g.files.map((f) => f.shownPath))).toEqual(['Projects/Alpha/plan.md']);
    expect(groups[0]?.label).toBe('Projects/Alpha');
    // Granting the outside folder through the link is granting the real folder, checked as such.
    await expect(api.addFolder({ path: join(projects, 'escape') })).resolves.toMatchObject({ path: join(projects, 'escape') });
    expect(existsSync(join(outside, 'secret.txt'))).toBe(true);
  });

  it('lists, names in words and withdraws granted folders', async () => {
    const docs = temp.folder('Documents');
    const added = await api.addFolder({ path: docs, name: 'Docs' });
    await expect(api.addFolder({ path: docs })).rejects.toThrow(/already granted as "Docs"/);
    await expect(api.addFolder({ path: join(docs, 'nope') })).rejects.toThrow(/cannot be granted/);
    await expect(api.addFolder({ path: 'relative/path' })).rejects.toThrow(/full path/);
    await watching('Docs');
    await api.removeFolder({ id: added.id });
    expect(await api.listFolders()).toEqual([]);
    expect(existsSync(docs)).toBe(true);
    await expect(api.removeFolder({ id: added.id })).rejects.toThrow(/steward folders list/);
  });

  it('forgets the index of every folder when the folders account itself is removed', async () => {
    const docs = temp.folder('Documents');
    writeFileSync(join(docs, 'letter.txt'), 'Dear Bob');
    await api.addFolder({ path: docs });
    await watching('Documents');
    expect((await api.workingOn()).flatMap((g) => g.files.map((f) => f.name))).toEqual(['letter.txt']);
    const [account] = await api.listAccounts();
    await api.removeAccount({ id: account?.id ?? '' });
    expect(await api.listFolders()).toEqual([]);
    const db = new Database(databaseFile(harness.dataDir), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM file_entries').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT count(*) AS n FROM file_text').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    expect(existsSync(join(docs, 'letter.txt'))).toBe(true);
  });
});
