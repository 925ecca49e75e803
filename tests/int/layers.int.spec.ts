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
