/**
 * The shell's own few settings, in a small JSON file beside the engine's data (the engine's
 * settings live in its database; these are about the desktop, not about what Steward does).
 *
 * - `launchAtLoginDecided`: set once Steward turned start-at-login on by default after the
 *   first account, or once the user chose either way; from then on only the user changes it.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ShellSettings {
  readonly launchAtLoginDecided: boolean;
}

const DEFAULTS: ShellSettings = { launchAtLoginDecided: false };

export class ShellSettingsFile {
  readonly path: string;
  #settings: ShellSettings;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'shell-settings.json');
    this.#settings = read(this.path);
  }

  get current(): ShellSettings {
    return this.#settings;
  }

  update(patch: Partial<ShellSettings>): void {
    this.#settings = { ...this.#settings, ...patch };
    // Write then rename: a crash mid-write leaves the old file, never half a file.
    const temp = `${this.path}.tmp`;
    writeFileSync(temp, `${JSON.stringify(this.#settings, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, this.path);
  }
}

function read(path: string): ShellSettings {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Record<keyof ShellSettings, unknown>>;
    return { launchAtLoginDecided: parsed.launchAtLoginDecided === true };
  } catch {
    return DEFAULTS;
  }
}

/** Start-at-login goes on by itself once, when the first account exists and nobody decided yet. */
export function shouldTurnOnLaunchAtLogin(input: { readonly decided: boolean; readonly hasAccount: boolean; readonly available: boolean }): boolean {
  return input.available && input.hasAccount && !input.decided;
}
