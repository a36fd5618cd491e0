/**
 * The import boundaries ESLint enforces (eslint.config.js), checked on probe files: a rule that
 * silently stopped matching would otherwise pass every lint run.
 */
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
// The project's config, without type information (the probes are not files of any project),
// and only the import rule.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: [tseslint.configs.disableTypeChecked],
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
});

async function restrictedImports(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(root, file) });
  const fatal = result?.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`ESLint could not parse the probe ${file}: ${fatal.message}`);
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer boundaries', () => {
  it.each([
    ['electron/engine/probe.ts', "import { startHost } from '../host/run-host.js';\nexport const x = startHost;\n"],
    ['electron/engine/db/probe.ts', "import { program } from '../../cli/program.js';\nexport const x = program;\n"],
    ['electron/engine/probe.ts', "import '../utility/engine-entry.js';\n"],
  ])('the engine imports no launcher: %s', async (file, source) => {
    expect(await restrictedImports(file, source)).toEqual([expect.stringContaining('The engine imports no launcher')]);
  });

  it.each([
    ['electron/engine/probe.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['electron/utility/probe.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['renderer/probe.ts', "import { app } from 'electron';\nexport const x = app;\n"],
  ])('only the shell and the preload import electron: %s', async (file, source) => {
    expect(await restrictedImports(file, source)).toEqual([expect.stringContaining('Only electron/main and electron/preload may import electron')]);
  });

  it('electron-updater stays in the shell', async () => {
    expect(await restrictedImports('electron/engine/probe.ts', "import updater from 'electron-updater';\nexport const x = updater;\n")).toEqual([
      expect.stringContaining('only the shell'),
    ]);
  });

  it('the utility entry may start the host; the shell may import electron', async () => {
    expect(await restrictedImports('electron/utility/probe.ts', "import { startHost } from '../host/run-host.js';\nexport const x = startHost;\n")).toEqual([]);
    expect(await restrictedImports('electron/main/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([]);
  });
});
