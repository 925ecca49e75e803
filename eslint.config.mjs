import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      '.data/**',
      'src/payload-types.ts',
      'src/migrations/**',
      'src/app/(payload)/admin/importMap.js',
      'next-env.d.ts',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Response: 'readonly', Request: 'readonly', Headers: 'readonly', URL: 'readonly' },
    },
    rules: {
      curly: ['error', 'all'],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (configs and Next route files aside).' },
      ],
    },
  },
  {
    // Frameworks require default exports here.
    files: ['payload.config.ts', 'next.config.mjs', 'eslint.config.mjs', 'vitest.config.ts', 'playwright.config.ts', 'src/app/**', 'tests/helpers/globalSetup.ts', 'tests/e2e/global*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
)
