import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'packages/*/dist/**', 'data/**', '**/data/**', 'e2e/artifacts/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/web/**', '**/hono/**'], message: 'The core never imports the web layer.' }] }],
    },
  },
  {
    files: ['packages/gatehouse/src/web/**', 'packages/gatehouse/src/hono/**', 'packages/gatehouse/src/express/**', 'packages/gatehouse/src/extensions/**', 'packages/gatehouse/src/testing/**', 'packages/gatehouse/src/index.ts', 'packages/gatehouse/src/create-gatehouse.ts', 'packages/gatehouse/src/node/**', '**/test/**', '**/*.test.ts', '**/*.test.tsx', 'e2e/**', 'examples/**', 'bench/**', 'scripts/**', 'packages/gatehouse/scripts/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Scripts Gatehouse serves to browsers (`*.browser.js`): plain scripts, browser globals.
    files: ['**/*.browser.js'],
    languageOptions: { sourceType: 'script', globals: { window: 'readonly', document: 'readonly', fetch: 'readonly', URLSearchParams: 'readonly' } },
  },
  {
    // Extensions reach Gatehouse only through its public extension points.
    files: ['packages/gatehouse/src/extensions/*/**'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../../**', '../extension.ts', '../manifest.ts', '../*/**'], message: 'Extensions import Gatehouse only through ../api.ts (the kit), and never one another.' }] },
      ],
    },
  },
)
