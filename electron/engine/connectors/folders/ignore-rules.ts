/**
 * What the folders connector never indexes or watches: a default list (version-control and
 * dependency folders, caches, temporary and half-downloaded files, and files that usually hold
 * secrets), plus the user's own .gitignore-style files (.gitignore and .stewardignore) in any
 * folder, with git's semantics: patterns are relative to the folder of the file that holds
 * them, and nothing under an ignored folder comes back. Matching is by the `ignore` package,
 * the implementation of the gitignore spec that ESLint and Prettier use.
 */
import ignore, { type Ignore } from 'ignore';
import { ancestorsOfRaw, displayOfRaw } from '../../items/file/path-key.js';

export const IGNORE_FILE_NAMES: readonly string[] = ['.gitignore', '.stewardignore'];

export const DEFAULT_IGNORES: readonly string[] = [
  // Version control and dependencies: large, machine-written, and watched by their own tools.
  'node_modules/', '.git/', '.hg/', '.svn/', '.venv/', 'bower_components/',
  // Caches and build tools' scratch space.
  '.cache/', '__pycache__/', '.pytest_cache/', '.mypy_cache/', '.ruff_cache/', '.tox/', '.next/', '.nuxt/', '.parcel-cache/',
  '.turbo/', '.gradle/', '.sass-cache/', '.terraform/',
  // The system's own bookkeeping and trash.
  '.Trash/', '.Trash-*/', '$RECYCLE.BIN/', 'System Volume Information/', '.Spotlight-V100/', '.fseventsd/', '.TemporaryItems/',
  '.DS_Store', 'Thumbs.db', 'desktop.ini',
  // Downloads in progress (Chrome, Firefox, Edge, Safari, Opera, µTorrent) and temporary files.
  '*.crdownload', '*.part', '*.partial', '*.download', '*.opdownload', '*.!ut', '*.tmp', '*.temp',
  // Editors' and office suites' lock and swap files.
  '~$*', '.~lock.*#', '*.swp', '*.swo', '*~', '.#*', '.nfs*',
  // Steward's own temporary files while it copies a file between drives.
  '.steward-*',
  // Files that usually hold secrets: never read, never shown to the model.
  '.ssh/', '.gnupg/', '.aws/', '.kube/', '.password-store/', 'keyrings/', '.env', '.env.*', '*.pem', '*.p12', '*.pfx',
  'id_rsa*', 'id_ed25519*', 'id_ecdsa*', '.netrc', '.pgpass',
];

/** Files and folders whose presence makes their folder a project ("what you are working on" groups by them). */
export const PROJECT_MARKERS: readonly string[] = [
  '.git', 'package.json', 'pyproject.toml', 'setup.py', 'Cargo.toml', 'go.mod', 'pom.xml', 'build.gradle', 'Gemfile',
  'composer.json', 'CMakeLists.txt', '.project', 'mix.exs', 'deno.json',
];

export function projectMarkerAmong(names: Iterable<string>): string | null {
  const present = new Set(names);
  return PROJECT_MARKERS.find((marker) => present.has(marker)) ?? null;
}

export class IgnoreRules {
  private readonly defaults: Ignore;
  /** The user's rules per folder (key: latin1 of the folder's raw relative path). */
  private readonly folders = new Map<string, Ignore>();

  constructor(defaults: readonly string[] = DEFAULT_IGNORES) {
    this.defaults = ignore().add([...defaults]);
  }

  /** Sets (or, with null, clears) the rules a folder's ignore files hold. Returns whether they changed. */
  setFolderRules(folderRel: Buffer, contents: readonly string[] | null): boolean {
    const key = folderRel.toString('latin1');
    const text = contents?.join('\n').trim() ?? '';
    const had = this.folders.has(key);
    if (text === '') {
      this.folders.delete(key);
      return had;
    }
    this.folders.set(key, ignore().add(text));
    return true;
  }

  /** Whether an entry (or any folder above it) is ignored. `isDir` lets "build/" patterns match folders only. */
  isIgnored(relPath: Buffer, isDir: boolean): boolean {
    if (relPath.length === 0) return false;
    const ancestors = ancestorsOfRaw(relPath);
    // A folder above that is ignored hides everything below it (git's rule).
    for (const ancestor of ancestors) {
      if (ancestor.length > 0 && this.isIgnoredEntry(ancestor, true)) return true;
    }
    return this.isIgnoredEntry(relPath, isDir);
  }

  /**
   * Checks one entry against the defaults and the rules of every folder above it, assuming
   * those folders themselves are not ignored (a scan that did not descend into ignored folders
   * knows that already, and saves the work).
   */
  isIgnoredEntry(relPath: Buffer, isDir: boolean): boolean {
    const shown = displayOfRaw(relPath) + (isDir ? '/' : '');
    if (this.defaults.ignores(shown)) return true;
    for (const folder of ancestorsOfRaw(relPath)) {
      const rules = this.folders.get(folder.toString('latin1'));
      if (!rules) continue;
      const below = folder.length === 0 ? shown : shown.slice(displayOfRaw(folder).length + 1);
      if (below !== '' && rules.ignores(below)) return true;
    }
    return false;
  }
}
