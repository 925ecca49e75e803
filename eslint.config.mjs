import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const namedExportsOnly = { selector: 'ExportDefaultDeclaration', message: 'Use named exports (configs and Next route files aside).' }

/**
 * Payload's Local API writes the `locale` it is given onto the `req` it is given: the rest of the
 * caller's request would then be answered in that locale (or in all of them).
 */
const localeOntoRequest = {
  selector:
    "CallExpression:matches([callee.object.property.name='payload'], [callee.object.name='payload']) > ObjectExpression:has(> Property[key.name='locale']):has(> Property[key.name='req'][shorthand=true])",
  message: "A Local API call with `locale` rewrites the request's locale: pass `req: await readingIn(req, locale)` (src/services/database/transactions.ts).",
}

/**
 * A focused test silently drops every other test; a skipped one silently drops itself.
 * Neither is ever committed, in vitest's or Playwright's spelling, whatever the
 * environment: `describe.only`, `it.skip`, `test.describe.fixme`, `it.skipIf(...)`, `xit`,
 * nor skipped from inside: `ctx.skip()`, `testInfo.skip()`.
 */
const TEST_FUNCTIONS = '/^(describe|it|test|suite|bench)$/'
const FOCUS_OR_SKIP = '/^(only|skip|todo|fixme|skipIf|runIf)$/'
/** What a running test may call on its context (vitest) or its `testInfo` (Playwright) to stop itself counting. */
const CONTEXT_SKIP = '/^(skip|fixme)$/'
const FOCUS_OR_SKIP_MESSAGE = 'No focused or skipped tests (.only, .skip, .todo, .fixme, skipIf, runIf, xit, fit): every test runs, everywhere.'
const focusedOrSkipped = [
  // describe.only, test.describe.only, test.describe.parallel.only (and the computed `it['skip']`).
  ...['object', 'object.object', 'object.object.object'].map((path) => ({
    selector: `MemberExpression[${path}.name=${TEST_FUNCTIONS}]:matches([property.name=${FOCUS_OR_SKIP}], [property.value=${FOCUS_OR_SKIP}])`,
    message: FOCUS_OR_SKIP_MESSAGE,
  })),
  { selector: 'CallExpression[callee.name=/^(xit|xtest|xdescribe|fit|ftest|fdescribe)$/]', message: FOCUS_OR_SKIP_MESSAGE },
  // From inside a test: vitest's `ctx.skip()`, Playwright's `testInfo.skip()`, `test.info().fixme()`
  // (`it.skip` itself is caught above), and a context's `skip` taken apart: `({ skip }) => skip()`.
  {
    selector: `CallExpression:matches([callee.property.name=${CONTEXT_SKIP}], [callee.property.value=${CONTEXT_SKIP}]):not([callee.object.name=${TEST_FUNCTIONS}], [callee.object.object.name=${TEST_FUNCTIONS}], [callee.object.object.object.name=${TEST_FUNCTIONS}])`,
    message: FOCUS_OR_SKIP_MESSAGE,
  },
  { selector: `CallExpression > :function > ObjectPattern > Property[key.name=${CONTEXT_SKIP}]`, message: FOCUS_OR_SKIP_MESSAGE },
]

/**
 * Layers point one way: wiring (collections, hooks, access, endpoints, GraphQL, jobs, plugins,
 * admin and learner views, HTTP helpers) -> domain -> services (one outside system each) ->
 * shared vocabulary. An import that runs back up fails the lint, so a rule cannot quietly come
 * to depend on how it is wired. Relative imports may not climb out of a folder's parent either.
 */
const WIRING = ['collections', 'hooks', 'access', 'endpoints', 'graphql', 'jobs', 'plugins', 'admin', 'learn', 'app', 'http', 'fields', 'tenancy', 'seed', 'server']
const layerBan = (layer, above) => ({
  patterns: [
    { group: above.map((dir) => `@/${dir}/*`), message: `${layer} may not import from a layer above it (see docs/architecture.md).` },
    { group: ['../../*'], message: 'Import through the @/ alias, so the layer check sees where the import points.' },
  ],
})
/** Shared wiring (access rules, cross-cutting hooks, HTTP helpers) sits below the collections, endpoints and views that use it. */
const ENTRY_POINTS = ['collections', 'endpoints', 'graphql', 'jobs', 'plugins', 'admin', 'learn', 'app', 'seed', 'server']
const LAYERS = [
  { files: ['src/access/**', 'src/hooks/**', 'src/http/**', 'src/fields/**', 'src/tenancy/**', 'src/graphql/**'], rule: layerBan('Shared wiring', ENTRY_POINTS.filter((dir) => dir !== 'graphql')) },
  { files: ['src/domain/**'], rule: layerBan('A domain module', WIRING) },
  { files: ['src/services/**'], rule: layerBan('A service', [...WIRING, 'domain']) },
  { files: ['src/shared/**', 'src/i18n/**', 'src/settings.ts', 'src/secret.ts', 'src/version.ts'], rule: layerBan('Shared vocabulary', [...WIRING, 'domain', 'services']) },
].map(({ files, rule }) => ({ files, rules: { 'no-restricted-imports': ['error', rule] } }))

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
      'no-restricted-syntax': ['error', namedExportsOnly, localeOntoRequest],
    },
  },
  ...LAYERS,
  {
    files: ['tests/**'],
    rules: { 'no-restricted-syntax': ['error', namedExportsOnly, localeOntoRequest, ...focusedOrSkipped] },
  },
  {
    // Frameworks require default exports here.
    files: ['payload.config.ts', 'next.config.mjs', 'eslint.config.mjs', 'vitest.config.ts', 'playwright.config.ts', 'src/app/**', 'tests/helpers/globalSetup.ts', 'tests/helpers/progressReporter.ts', 'tests/e2e/global*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Default exports are theirs to make; focusing and skipping still are not.
    files: ['tests/helpers/globalSetup.ts', 'tests/e2e/global*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...focusedOrSkipped] },
  },
)
