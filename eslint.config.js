// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', '.onramp/', '.tools/', '.test-data/', 'bench/results.local*', 'web/dist/', 'web/sdk/dist/', 'test-artifacts/', '.build/', 'client/openapi.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'bin/*.mjs', '.dependency-cruiser.cjs', 'examples/*/page.js', 'platform/*.cjs'] }, tsconfigRootDir: import.meta.dirname },
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
    files: ['web/**/*.{ts,tsx}', 'examples/*/page.js'],
    languageOptions: { globals: globals.browser },
  },
  // Which room may import which (workflows' determinism included) is not ESLint's job here but
  // dependency-cruiser's: .dependency-cruiser.cjs, run by `npm run lint`.
);
