// Lint keeps the layers of the design true: a file's folder says what it may import.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import globals from 'globals';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const noNode = {
  paths: nodeBuiltins.map((name) => ({ name, message: 'This layer runs outside Node: no Node built-ins.' })),
};

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'release/', 'bench/.peer/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs', 'bin/**', '*.config.js'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        ...noNode,
        patterns: [
          { group: ['**/electron/**', '**/renderer/**', 'electron', 'react', 'react-dom'], message: 'shared/ runs anywhere: it imports neither electron/ nor renderer/.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        ...noNode,
        patterns: [
          { group: ['**/electron/**', 'electron', 'electron/*'], message: 'The renderer talks to the host only through window.tandem or the WebSocket client.' },
        ],
      }],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
  {
    // The agent and the CLI/WebSocket doors run under plain Node: only main, preload, the IPC door and the
    // desktop app's own pieces (electron/app/: the page's scheme, the exec host's utility process, updates) may touch Electron.
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'electron/doors/ipc/**', 'electron/app/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'Only electron/main.ts, electron/preload.ts, electron/doors/ipc/ and electron/app/ may import electron.' },
          { group: ['**/renderer/**'], message: 'electron/ never imports the renderer.' },
        ],
      }],
    },
  },
);
