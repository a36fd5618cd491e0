/** Real temporary folders for the folders connector's tests, removed afterwards. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FolderRoot } from '../scopes.js';

export interface TempFolders {
  readonly base: string;
  /** A fresh folder under the test's temp directory. */
  folder(name: string): string;
  root(id: string, name: string, path: string): FolderRoot;
  cleanup(): void;
}

export function tempFolders(prefix = 'steward-folders-'): TempFolders {
  const base = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return {
    base,
    folder(name) {
      const path = join(base, name);
      mkdirSync(path, { recursive: true });
      return path;
    },
    root(id, name, path) {
      return { id, name, path, realPath: realpathSync(path) };
    },
    cleanup() {
      // rm(1) walks with openat, so it also removes trees deeper than PATH_MAX, which Node's rm cannot.
      execFileSync('chmod', ['-R', 'u+rwX', base]);
      execFileSync('rm', ['-rf', base]);
    },
  };
}

/** Writes files (creating folders), each with optional content and modification time. */
export function writeTree(root: string, files: Readonly<Record<string, string | Buffer | { content: string | Buffer; mtime: Date }>>): void {
  for (const [rel, spec] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    const content = typeof spec === 'string' || Buffer.isBuffer(spec) ? spec : spec.content;
    writeFileSync(path, content);
    if (typeof spec === 'object' && !Buffer.isBuffer(spec)) utimesSync(path, spec.mtime, spec.mtime);
  }
}
