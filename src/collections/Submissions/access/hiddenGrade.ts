import type { PayloadRequest } from 'payload'

import type { Submission } from '@/payload-types'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { adminTenants, coursesTaught, isCourseStaff } from '@/domain/identity/staff'
import { SUBMISSIONS } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'

/** What decides who may see a submission's grade, and when it was handed in. */
export type SubmissionFacts = Pick<Submission, 'student' | 'course' | 'tenant' | 'releasedAt' | 'submittedAt'>

const FACTS = ['student', 'course', 'tenant', 'releasedAt', 'submittedAt'] as const

declare module 'payload' {
  interface RequestContext {
    /** Submissions whose facts a `select` left out, read once per request. */
    submissionFacts?: Map<number, Promise<SubmissionFacts | null>>
    /** Whether the requester has work whose grade is hidden from them; asked once per request. */
    requesterHasHiddenGrades?: Promise<boolean>
  }
}

/** The facts of a submission: from the document read, or from the database when a `select` left some out. */
const factsOf = (req: PayloadRequest, doc: Partial<Submission> & { id: number }): Promise<SubmissionFacts | null> => {
  if (FACTS.every((key) => doc[key] !== undefined)) {
    return Promise.resolve(doc as SubmissionFacts)
  }
  req.context.submissionFacts ??= new Map()
  const known = req.context.submissionFacts.get(doc.id)
  if (known) {
    return known
  }
  const read = req.payload.findByID({
    collection: SUBMISSIONS,
    id: doc.id,
    depth: 0,
    select: { student: true, course: true, tenant: true, releasedAt: true, submittedAt: true },
    overrideAccess: true,
    disableErrors: true,
    req,
  })
  req.context.submissionFacts.set(doc.id, read)
  return read
}

/** What the student is shown in place of what grading changed. */
export type HiddenGrade = { handedInAt: string | null }

/**
 * Whether this submission's grade is hidden from the requester: they are its student, the grade
 * is not released, and they do not look after the course. Null when the grade is theirs to see.
 * Collection access has already kept everyone but the student and the course's staff away.
 */
export const hiddenGradeOf = async (req: PayloadRequest, doc: Partial<Submission> & { id: number }): Promise<HiddenGrade | null> => {
  if (isSuperAdmin(req.user)) {
    return null
  }
  const facts = await factsOf(req, doc)
  if (!facts) {
    // Deleted while being read: show nothing of a grade.
    return { handedInAt: doc.submittedAt ?? null }
  }
  const visible =
    Boolean(req.user) &&
    (relationId(facts.student) !== req.user?.id ||
      Boolean(facts.releasedAt) ||
      (await isCourseStaff(req, { tenant: facts.tenant, course: relationId(facts.course) })))
  return visible ? null : { handedInAt: facts.submittedAt }
}

/**
 * Whether the requester has a submission of their own whose grade they may not see. Queries
 * are judged without a document (Payload validates `where` and `sort` paths against field access
 * evaluated once, not per row), so as long as this holds, filtering or sorting by anything a grade
 * changes would reveal it. Counted once per request.
 */
export const requesterHasHiddenGrades = (req: PayloadRequest): Promise<boolean> => {
  if (isSuperAdmin(req.user)) {
    return Promise.resolve(false)
  }
  if (!req.user) {
    // Every grade is hidden from an anonymous visitor.
    return Promise.resolve(true)
  }
  const userId = req.user.id
  req.context.requesterHasHiddenGrades ??= (async () => {
    // Their own work in a course they look after is no secret to them.
    const [taught, administered] = await Promise.all([coursesTaught(req), adminTenants(req)])
    const { totalDocs } = await req.payload.count({
      collection: SUBMISSIONS,
      where: {
        and: [
          { student: { equals: userId } },
          { releasedAt: { exists: false } },
          ...(taught.length > 0 ? [{ course: { not_in: taught } }] : []),
          ...(administered.length > 0 ? [{ tenant: { not_in: administered } }] : []),
        ],
      },
      overrideAccess: true,
      req,
    })
    return totalDocs > 0
  })()
  return req.context.requesterHasHiddenGrades
}
