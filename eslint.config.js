// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', '.onramp/', '.tools/', '.test-data/', 'bench/results.local*', 'web/dist/', 'test-artifacts/', '.build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'bin/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The browser pages: DOM globals, no Node.
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
  },
  {
    // Workflow code is replayed: deterministic only, I/O reached through activities (typed imports).
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'pg', 'kysely', 'fastify', 'undici'].map((name) => ({
            name,
            message: 'Workflows must stay deterministic: do I/O in an activity.',
          })),
          patterns: [
            {
              group: ['../activities/*', '../providers/*', '../db/*', '../api/*', '../platform/*', '../wiring/*', '../embedded/*'],
              allowTypeImports: true,
              message: 'Workflows import activities, providers and db as types only.',
            },
          ],
        },
      ],
    },
  },
);
