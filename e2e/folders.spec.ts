/**
 * Settings → Folders and the popover's "Working on" against a real `steward host` and real
 * temporary folders: a folder granted by its path (the browser UI has no system picker; the
 * desktop app's page picks it through the shell's folder picker), shown
 * with how watching it stands; a wrong path refused beside the field in words; a folder whose
 * files were edited this week listed by project in the popover, with the Downloads tidy-up card
 * listing its files. Checked with axe and photographed.
 */
import { mkdirSync, mkdtempSync, realpathSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe.js';
import { answerFolderPicker, DEFAULT_SHELL_STATE, installFakeShell, shellCalls } from './desktop-shell.js';
import { expect, test } from './fixtures.js';

async function snap(page: Page, name: string): Promise<void> {
  mkdirSync('e2e/screenshots', { recursive: true });
  await page.mouse.move(0, page.viewportSize()?.height ?? 0);
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, animations: 'disabled' });
}

test('grants folders in Settings, shows their state in words, and what you are working on in the popover', async ({ page, steward }) => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'steward-e2e-folders-')));
  try {
    const downloads = join(base, 'Downloads');
    mkdirSync(downloads);
    const old = new Date(Date.now() - 45 * 86_400_000);
    for (let i = 1; i <= 6; i++) {
      const file = join(downloads, `invoice-2026-0${i}.pdf`);
      writeFileSync(file, `invoice ${i}`);
      utimesSync(file, old, old);
    }
    const projects = join(base, 'Projects');
    mkdirSync(join(projects, 'Alpha'), { recursive: true });
    mkdirSync(join(projects, 'Garden'), { recursive: true });
    writeFileSync(join(projects, 'Alpha', 'launch-plan.md'), '# Launch plan');
    writeFileSync(join(projects, 'Alpha', 'budget.csv'), 'item,cost');
    writeFileSync(join(projects, 'Garden', 'seeds.txt'), 'tomatoes');

    await page.setViewportSize({ width: 900, height: 700 });
    await page.goto(steward.url.replace('/#', '/settings.html?page=folders#'));
    await expect(page.getByRole('heading', { name: 'Folders' })).toBeVisible();
    await expect(page.getByText(/No folders yet/)).toBeVisible();
    // A browser page has no system picker: the path is typed.
    await expect(page.getByRole('button', { name: 'Choose…' })).toHaveCount(0);

    const path = page.getByLabel('Folder', { exact: true });
    await path.fill(join(base, 'Nowhere'));
    await page.getByRole('button', { name: 'Add folder' }).click();
    await expect(page.getByText(/cannot be granted/)).toBeVisible();

    await path.fill(downloads);
    await page.getByRole('button', { name: 'Add folder' }).click();
    const dl = page.getByRole('listitem', { name: 'Downloads' });
    await expect(dl.getByText('Watching 6 files.')).toBeVisible();
    await expect(dl.getByText('Watching', { exact: true })).toBeVisible();

    await path.fill(projects);
    await page.getByLabel('Name').fill('Work');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('listitem', { name: 'Work' }).getByText('Watching 3 files.')).toBeVisible();
    await expectAccessible(page, 'settings-folders');
    await snap(page, 'settings-folders');

    // The folders' capabilities in the permissions matrix, reading allowed and the rest asked.
    await page.goto(steward.url.replace('/#', '/settings.html?page=permissions#'));
    await page.getByText('Move files to the Trash').first().scrollIntoViewIfNeeded();
    await expect(page.getByText('Move files to the Trash').first()).toBeVisible();
    await snap(page, 'settings-permissions-folders');
    await page.goto(steward.url.replace('/#', '/settings.html?page=folders#'));

    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(steward.url);
    const workingOn = page.getByRole('region', { name: 'Working on' });
    await expect(workingOn.getByText('Work/Alpha')).toBeVisible();
    await expect(workingOn.getByText(/launch-plan\.md|budget\.csv/)).toBeVisible();
    await expect(page.getByRole('heading', { name: /Move 6 files older than 30 days from Downloads into Downloads\/Old/ })).toBeVisible();
    await expect(page.getByRole('list', { name: /Files that would move to Downloads\/Old/ })).toBeVisible();
    await expectAccessible(page, 'popover-working-on');
    await snap(page, 'popover-working-on');
    await page.getByRole('list', { name: /Files that would move to Downloads\/Old/ }).scrollIntoViewIfNeeded();
    await snap(page, 'popover-tidy-up');

    // The folder renamed under Steward: the list says so in words, and what to do.
    await page.setViewportSize({ width: 900, height: 700 });
    await page.goto(steward.url.replace('/#', '/settings.html?page=folders#'));
    renameSync(downloads, join(base, 'Downloads (old)'));
    const renamed = page.getByRole('listitem', { name: 'Downloads' });
    await expect(renamed.getByText('Renamed', { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(renamed.getByText(/was renamed to .*Downloads \(old\).*grant the new location in Settings → Folders/)).toBeVisible();
    await expectAccessible(page, 'settings-folders-renamed');
    await snap(page, 'settings-folders-renamed');
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('in the desktop app, Choose… asks the shell’s folder picker and the chosen folder is granted', async ({ page, steward }) => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'steward-e2e-picker-')));
  try {
    const projects = join(base, 'Projects');
    mkdirSync(join(projects, 'Alpha'), { recursive: true });
    writeFileSync(join(projects, 'Alpha', 'plan.md'), '# Plan');
    await page.setViewportSize({ width: 900, height: 700 });
    await installFakeShell(page, { platform: 'linux', state: DEFAULT_SHELL_STATE });
    await page.goto(steward.url.replace('/#', '/settings.html?page=folders#'));
    const choose = page.getByRole('button', { name: 'Choose…' });
    const path = page.getByLabel('Folder', { exact: true });

    // Cancelled: nothing changes.
    await choose.click();
    await expect.poll(() => shellCalls(page)).toContainEqual(['chooseFolder']);
    await expect(path).toHaveValue('');

    await answerFolderPicker(page, projects);
    await choose.focus();
    await page.keyboard.press('Enter');
    await expect(path).toHaveValue(projects);
    // The name is next; Enter there adds the folder.
    await expect(page.getByLabel('Name')).toBeFocused();
    await expectAccessible(page, 'settings-folders-desktop');
    await snap(page, 'settings-folders-picker');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('listitem', { name: 'Projects' }).getByText('Watching 1 file.')).toBeVisible();
    await expect(path).toHaveValue('');
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
