/**
 * The OS folder picker for Settings → Folders: the user points at a folder instead of typing its
 * path. It only names a folder; granting it stays with the engine, which checks the path like
 * any typed one (a folder of yours, not a system folder, not Steward's data).
 */
import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';

export const FOLDER_PICKER_OPTIONS: OpenDialogOptions = {
  title: 'Choose a folder for Steward',
  buttonLabel: 'Choose',
  // A new project folder can be made right there (macOS and Windows offer it; GTK always does).
  properties: ['openDirectory', 'createDirectory'],
};

/**
 * Shows the picker, modal to `parent` (the Settings window) when there is one, and resolves to
 * the chosen folder's full path, or null when the user cancelled.
 */
export async function chooseFolder(dialog: Pick<Dialog, 'showOpenDialog'>, parent: BrowserWindow | null): Promise<string | null> {
  const result = parent ? await dialog.showOpenDialog(parent, FOLDER_PICKER_OPTIONS) : await dialog.showOpenDialog(FOLDER_PICKER_OPTIONS);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}
