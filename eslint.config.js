// Lint keeps the layers apart (see STYLE.md): only the shell and its preload may import
// electron, the renderer and shared/ never touch Node, and nothing reaches into the shell.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const noElectron = {
  name: 'electron',
  message: 'Only electron/main and electron/preload may import electron (the engine must run under plain Node).',
};
const noUpdater = {
  name: 'electron-updater',
  message: 'electron-updater loads electron: only the shell (electron/main/auto-update.ts) may use it.',
};
const shellPattern = {
  group: ['**/electron/main/**', '**/main/index*'],
  message: 'Nothing imports the Electron shell.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', '.tsbuild/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'e2e/.artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'bin/*.js', 'scripts/*.js', 'test/*.js', 'bench/*.js', '.ci/*.js', 'build/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      // API handlers are async to honour a Promise-returning contract even when they need no await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      'no-restricted-imports': ['error', { paths: [noElectron, noUpdater], patterns: [shellPattern] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Playwright reads a fixture's dependencies from its destructuring pattern, even an empty one.
    files: ['e2e/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['electron/main/**', 'electron/preload/**', 'e2e/electron*'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, noUpdater, ...nodeBuiltins.map((name) => ({ name, message: 'shared/ runs everywhere: no Node APIs.' }))],
          patterns: [
            shellPattern,
            { group: ['**/electron/**', '**/renderer/**', 'react', 'react-dom'], message: 'shared/ depends on nothing but itself.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, noUpdater, ...nodeBuiltins.map((name) => ({ name, message: 'The renderer is a web page: no Node APIs.' }))],
          patterns: [shellPattern, { group: ['**/electron/**'], message: 'The renderer talks to the engine only through the API in shared/.' }],
        },
      ],
    },
  },
  {
    files: ['electron/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, noUpdater],
          patterns: [
            shellPattern,
            { group: ['**/renderer/**', 'react', 'react-dom'], message: 'The engine knows nothing of the UI.' },
            // The engine is a library its launchers start; it never knows which one did.
            {
              group: ['**/host/**', '**/cli/**', '**/utility/**'],
              message: 'The engine imports no launcher: electron/host, electron/cli and electron/utility start the engine, never the other way round.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/host/**', 'electron/cli/**', 'electron/utility/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, noUpdater],
          patterns: [shellPattern, { group: ['**/renderer/**', 'react', 'react-dom'], message: 'The engine knows nothing of the UI.' }],
        },
      ],
    },
  },
);
