import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/**
 * The layer check is ESLint's, run by `npm test`; here it is shown to fail on imports that run
 * back up (and only on those), with the files where such an import would sit.
 */
const eslint = new ESLint()

const problemsOf = async (filePath: string, source: string): Promise<string[]> => {
  const [result] = await eslint.lintText(source, { filePath })
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

const importing = (from: string) => `import { x } from '${from}'\n\nexport const y = x\n`

describe('layers point one way', () => {
  it.each([
    ['src/domain/enrollment/probe.ts', '@/collections/Enrollments/hooks/applyEnrollmentRules'],
    ['src/domain/enrollment/probe.ts', '@/http/requestHelpers'],
    ['src/domain/enrollment/probe.ts', '@/access/ownerOrCourseStaff'],
    ['src/services/mail/probe.ts', '@/domain/enrollment/status'],
    ['src/services/mail/probe.ts', '@/hooks/auditChanges'],
    ['src/shared/probe.ts', '@/services/database/transactions'],
    ['src/graphql/probe.ts', '@/endpoints/catalog'],
    ['src/http/probe.ts', '@/collections/Certificates/endpoints/verify'],
    ['src/domain/enrollment/probe.ts', '../../collections/Enrollments'],
  ])('should refuse %s importing %s', async (file, from) => {
    expect(await problemsOf(file, importing(from))).toHaveLength(1)
  })

  it.each([
    ['src/collections/Enrollments/probe.ts', '@/domain/enrollment/status'],
    ['src/domain/enrollment/probe.ts', '@/domain/identity/memberships'],
    ['src/domain/enrollment/probe.ts', '@/services/database/transactions'],
    ['src/services/mail/probe.ts', '@/shared/slugs'],
    ['src/endpoints/probe.ts', '@/http/catalogRequest'],
  ])('should allow %s importing %s', async (file, from) => {
    expect(await problemsOf(file, importing(from))).toEqual([])
  })
})

/** The rule against focused and skipped tests, shown to fire on each spelling and on nothing else. */
const focusProblemsOf = async (filePath: string, source: string): Promise<string[]> => {
  const [result] = await eslint.lintText(source, { filePath })
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax' && /focused or skipped/.test(m.message)).map((m) => m.message)
}

describe('no focused or skipped tests', () => {
  it.each([
    ["describe.only('x', () => {})"],
    ["it.skip('x', () => {})"],
    ["test.describe.fixme('x', () => {})"],
    ["test.describe.parallel.only('x', () => {})"],
    ["it.skipIf(process.env.CI)('x', () => {})"],
    ["it.runIf(process.env.CI)('x', () => {})"],
    ["it.todo('x')"],
    ["it['only']('x', () => {})"],
    ["xit('x', () => {})"],
    ["fdescribe('x', () => {})"],
    ["it('x', (ctx) => { ctx.skip() })"],
    ["it('x', ({ skip }) => { skip() })"],
    ["test('x', ({}, testInfo) => testInfo.skip())"],
    ["test('x', ({}, testInfo) => { testInfo.fixme(true, 'later') })"],
    ["test('x', () => { test.skip() })"],
    ["test('x', () => { test.info().skip() })"],
  ])('should refuse %s', async (source) => {
    for (const file of ['tests/int/probe.int.spec.ts', 'tests/e2e/probe.e2e.spec.ts', 'tests/e2e/globalSetup.ts']) {
      expect(await focusProblemsOf(file, `${source}\n`), file).toHaveLength(1)
    }
  })

  it.each([
    ["describe('x', () => { it('y', () => {}) })"],
    ["it.each([1])('x %s', (n) => { expect(n).toBe(1) })"],
    ["test.describe.configure({ mode: 'serial' })"],
    ["test('x', ({ page }) => page.goto('/'))"],
    ["it('x', (ctx) => { ctx.onTestFinished(() => {}) })"],
  ])('should allow %s', async (source) => {
    expect(await focusProblemsOf('tests/int/probe.int.spec.ts', `${source}\n`)).toEqual([])
  })
})
