import { describe, expect, it } from 'vitest';
import { groupByProject, projectFolderOf, type RecentFile } from './working-on.js';

const projects = new Set(['Projects/Alpha', 'Projects/Beta/app']);

describe('what you are working on', () => {
  it.each([
    ['inside a marked project', 'Projects/Alpha/src/main.ts', 'Projects/Alpha'],
    ['the nearest marked folder wins', 'Projects/Beta/app/lib/x.ts', 'Projects/Beta/app'],
    ['unmarked: the top-level folder', 'Letters/2026/bank.docx', 'Letters'],
    ['a loose file: the root', 'todo.md', ''],
    ['a file directly in a project', 'Projects/Alpha/README.md', 'Projects/Alpha'],
  ])('%s', (_name, path, folder) => {
    expect(projectFolderOf(path, projects)).toBe(folder);
  });

  it('groups recent files by project, newest group and file first, cut to size', () => {
    const files: RecentFile[] = [
      { id: 1, rootId: 'docs', path: 'Projects/Alpha/a.md', mtimeMs: 100 },
      { id: 2, rootId: 'docs', path: 'Projects/Alpha/b.md', mtimeMs: 300 },
      { id: 3, rootId: 'docs', path: 'Projects/Alpha/c.md', mtimeMs: 200 },
      { id: 4, rootId: 'docs', path: 'todo.md', mtimeMs: 250 },
      { id: 5, rootId: 'dl', path: 'invoice.pdf', mtimeMs: 50 },
    ];
    const groups = groupByProject(files, {
      projectFolders: new Map([['docs', projects]]),
      rootNames: new Map([
        ['docs', 'Documents'],
        ['dl', 'Downloads'],
      ]),
      maxGroups: 2,
      filesPerGroup: 2,
    });
    expect(groups.map((g) => [g.label, g.files.map((f) => f.id), g.total])).toEqual([
      ['Projects/Alpha', [2, 3], 3],
      ['Documents', [4], 1],
    ]);
  });
});
