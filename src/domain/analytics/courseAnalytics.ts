import type { PayloadRequest } from 'payload'

import { TOOK_PART } from '@/domain/enrollment/status'
import type { Assignment, Course, Enrollment, Submission } from '@/payload-types'

import { ASSIGNMENTS, ENROLLMENTS, SUBMISSIONS, USERS } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'
import { completionsOf } from '@/domain/enrollment/progress'

const DAY_MS = 86_400_000

const round1 = (value: number): number => Math.round(value * 10) / 10

/** Why a student is at risk, for front ends that word it in their own language. */
export type AtRiskCause = { kind: 'no-activity' } | { kind: 'inactive'; days: number } | { kind: 'overdue'; assignments: string[] }

/** `reasons` are the causes in English words; `causes` the same as data. */
export type AtRisk = { id: number; name: string; email: string; lastActivityAt: string | null; reasons: string[]; causes: AtRiskCause[] }

const inEnglish = (cause: AtRiskCause): string =>
  cause.kind === 'no-activity'
    ? 'no activity yet'
    : cause.kind === 'inactive'
      ? `no activity for ${cause.days} days`
      : `overdue: ${cause.assignments.join(', ')}`

export type CourseAnalytics = {
  course: { id: number; title: string }
  enrolled: number
  pending: number
  active: number
  completed: number
  completionRate: number | null
  averageProgress: number | null
  submissionRate: number | null
  averageGradePercent: number | null
  atRiskAfterDays: number
  studentsAtRisk: AtRisk[]
}

/** The best graded share of the maximum per (student, assignment), in percent. */
const bestGrades = (submissions: Submission[], maxPoints: Map<number, number>): Map<string, number> => {
  const best = new Map<string, number>()
  for (const s of submissions) {
    const max = maxPoints.get(relationId(s.assignment)!)
    if (typeof s.finalPoints !== 'number' || !max) {
      continue
    }
    const key = `${relationId(s.student)}:${relationId(s.assignment)}`
    best.set(key, Math.max(best.get(key) ?? 0, (s.finalPoints * 100) / max))
  }
  return best
}

/**
 * A course's standing: how many are enrolled, active and done, how far they are on
 * average, how much due work was handed in and how well it was graded, and which active
 * students are at risk (no activity for `atRiskAfterDays`, or overdue work).
 */
export const courseAnalytics = async (req: PayloadRequest, course: Pick<Course, 'id' | 'title'>, atRiskAfterDays: number): Promise<CourseAnalytics> => {
  const all = <T>(collection: typeof ENROLLMENTS | typeof ASSIGNMENTS | typeof SUBMISSIONS, where: object) =>
    req.payload.find({ collection, where: where as never, pagination: false, depth: 0, overrideAccess: true, req }).then((r) => r.docs as T[])
  const enrollments = await all<Enrollment>(ENROLLMENTS, { course: { equals: course.id } })
  const assignments = await all<Assignment>(ASSIGNMENTS, { and: [{ course: { equals: course.id } }, { _status: { equals: 'published' } }] })
  const submissions = await all<Submission>(SUBMISSIONS, { course: { equals: course.id } })
  const now = Date.now()

  const count = (status: Enrollment['status']) => enrollments.filter((e) => e.status === status).length
  const learning = enrollments.filter((e) => e.status === 'active' || e.status === 'completed')
  const finishedOrOver = enrollments.filter((e) => TOOK_PART.includes(e.status))
  const due = assignments.filter((a) => new Date(a.dueAt).getTime() <= now)
  const handedIn = new Set(submissions.map((s) => `${relationId(s.student)}:${relationId(s.assignment)}`))
  const duePairs = learning.flatMap((e) => due.map((a) => `${relationId(e.user)}:${a.id}`))
  const grades = [...bestGrades(submissions, new Map(assignments.map((a) => [a.id, a.maxPoints]))).values()]

  const active = enrollments.filter((e) => e.status === 'active')
  const people = active.length
    ? (await req.payload.find({ collection: USERS, where: { id: { in: active.map((e) => relationId(e.user)!) } }, pagination: false, depth: 0, select: { name: true, email: true }, overrideAccess: true, req })).docs
    : []
  const byId = new Map(people.map((p) => [p.id, p]))
  const studentsAtRisk: AtRisk[] = []
  for (const enrollment of active) {
    const userId = relationId(enrollment.user)!
    const moments = [
      enrollment.activatedAt,
      ...completionsOf(enrollment.completedLessons).map((c) => c.at),
      ...submissions.filter((s) => relationId(s.student) === userId).map((s) => s.submittedAt),
    ]
      .filter((m): m is string => Boolean(m))
      .map((m) => new Date(m).getTime())
    const last = moments.length ? Math.max(...moments) : null
    const causes: AtRiskCause[] = []
    const idleDays = last === null ? null : Math.floor((now - last) / DAY_MS)
    if (idleDays === null) {
      causes.push({ kind: 'no-activity' })
    } else if (idleDays >= atRiskAfterDays) {
      causes.push({ kind: 'inactive', days: idleDays })
    }
    const overdue = due.filter((a) => !handedIn.has(`${userId}:${a.id}`))
    if (overdue.length > 0) {
      causes.push({ kind: 'overdue', assignments: overdue.map((a) => a.title) })
    }
    if (causes.length > 0) {
      const person = byId.get(userId)
      studentsAtRisk.push({
        id: userId,
        name: person?.name ?? '',
        email: person?.email ?? '',
        lastActivityAt: last === null ? null : new Date(last).toISOString(),
        reasons: causes.map(inEnglish),
        causes,
      })
    }
  }

  const average = (values: number[]) => (values.length ? round1(values.reduce((a, b) => a + b, 0) / values.length) : null)
  return {
    course: { id: course.id, title: course.title },
    enrolled: enrollments.filter((e) => e.status !== 'cancelled').length,
    pending: count('pending'),
    active: count('active'),
    completed: count('completed'),
    completionRate: finishedOrOver.length ? round1((count('completed') * 100) / finishedOrOver.length) : null,
    averageProgress: average(learning.map((e) => e.progress ?? 0)),
    submissionRate: duePairs.length ? round1((duePairs.filter((p) => handedIn.has(p)).length * 100) / duePairs.length) : null,
    averageGradePercent: average(grades),
    atRiskAfterDays,
    studentsAtRisk: studentsAtRisk.sort((a, b) => a.name.localeCompare(b.name)),
  }
}
