import type { Endpoint } from 'payload'

import { TOOK_PART } from '@/domain/enrollment/status'
import { ASSIGNMENTS, ENROLLMENTS, QUIZ_ATTEMPTS, QUIZZES, SUBMISSIONS, USERS } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'
import { csvText } from '@/services/csv/csvCell'
import { courseForStaff, routeId } from '@/http/requestHelpers'

type QuizCell = { score: number; percent: number; passed: boolean; attempts: number } | null

type Cell = { finalPoints: number | null; attempt: number; status: string; late: boolean; released: boolean } | null

/**
 * `GET /api/courses/:id/gradebook` (`?format=csv` for a spreadsheet): students x
 * assignments of the course, each cell the best graded attempt (or the latest attempt
 * when none is graded yet), then its published quizzes (the best graded attempt), with totals. For the course's instructors and the school's admins.
 */
export const gradebook: Endpoint = {
  path: '/:id/gradebook',
  method: 'get',
  handler: async (req) => {
    const course = await courseForStaff(req, routeId(req, 'id', 'course'), "the course's gradebook")
    const find = <T>(collection: typeof ASSIGNMENTS | typeof ENROLLMENTS | typeof SUBMISSIONS | typeof QUIZZES | typeof QUIZ_ATTEMPTS, where: object, sort?: string) =>
      req.payload
        .find({ collection, where: where as never, pagination: false, depth: 0, overrideAccess: true, req, ...(sort ? { sort } : {}) })
        .then((r) => r.docs as T[])
    const assignments = await find<{ id: number; title: string; maxPoints: number }>(ASSIGNMENTS, { course: { equals: course.id } }, 'dueAt')
    const enrollments = await find<{ user: number }>(ENROLLMENTS, { and: [{ course: { equals: course.id } }, { status: { in: [...TOOK_PART] } }] })
    const submissions = await find<{ student: number; assignment: number; attempt: number; finalPoints?: number | null; status: string; late?: boolean | null; releasedAt?: string | null }>(
      SUBMISSIONS,
      { course: { equals: course.id } },
      'attempt',
    )
    const quizzes = (await find<{ id: number; title: string; totalPoints?: number | null }>(QUIZZES, { and: [{ course: { equals: course.id } }, { _status: { equals: 'published' } }] }, 'createdAt')).map((q) => ({
      id: q.id,
      title: q.title,
      maxPoints: q.totalPoints ?? 0,
    }))
    const attempts = await find<{ student: number; quiz: number; score?: number | null; percent?: number | null; passed?: boolean | null }>(QUIZ_ATTEMPTS, {
      and: [{ course: { equals: course.id } }, { status: { equals: 'graded' } }],
    })
    const quizCells = new Map<string, NonNullable<QuizCell>>()
    for (const a of attempts) {
      const key = `${relationId(a.student)}:${relationId(a.quiz)}`
      const current = quizCells.get(key)
      const score = a.score ?? 0
      quizCells.set(key, {
        score: Math.max(score, current?.score ?? -1),
        percent: Math.max(a.percent ?? 0, current?.percent ?? 0),
        passed: Boolean(a.passed) || Boolean(current?.passed),
        attempts: (current?.attempts ?? 0) + 1,
      })
    }
    const studentIds = enrollments.map((e) => relationId(e.user)!)
    const people =
      studentIds.length === 0
        ? []
        : (await req.payload.find({ collection: USERS, where: { id: { in: studentIds } }, pagination: false, depth: 0, select: { name: true, email: true }, overrideAccess: true, req })).docs
    const cells = new Map<string, Cell>()
    for (const s of submissions) {
      const key = `${relationId(s.student)}:${relationId(s.assignment)}`
      const current = cells.get(key)
      const candidate: Cell = { finalPoints: s.finalPoints ?? null, attempt: s.attempt, status: s.status, late: Boolean(s.late), released: Boolean(s.releasedAt) }
      const better =
        !current ||
        (candidate.finalPoints !== null && (current.finalPoints === null || candidate.finalPoints > current.finalPoints)) ||
        (candidate.finalPoints === null && current.finalPoints === null)
      if (better) {
        cells.set(key, candidate)
      }
    }
    const students = people
      .map((p) => {
        const grades = Object.fromEntries(assignments.map((a) => [a.id, cells.get(`${p.id}:${a.id}`) ?? null]))
        const quizGrades: Record<number, QuizCell> = Object.fromEntries(quizzes.map((q) => [q.id, quizCells.get(`${p.id}:${q.id}`) ?? null]))
        const total =
          Object.values(grades).reduce((sum, g) => sum + (g?.finalPoints ?? 0), 0) + Object.values(quizGrades).reduce((sum, g) => sum + (g?.score ?? 0), 0)
        return { id: p.id, name: p.name, email: p.email, grades, quizzes: quizGrades, total }
      })
      .sort((a, b) => a.name.localeCompare(b.name))
    const maxTotal = assignments.reduce((sum, a) => sum + a.maxPoints, 0) + quizzes.reduce((sum, q) => sum + q.maxPoints, 0)
    if (req.searchParams?.get('format') === 'csv') {
      const rows: unknown[][] = [['student', 'email', ...assignments.map((a) => `${a.title} (/${a.maxPoints})`), ...quizzes.map((q) => `${q.title} (quiz, /${q.maxPoints})`), `total (/${maxTotal})`]]
      for (const s of students) {
        rows.push([s.name, s.email, ...assignments.map((a) => s.grades[a.id]?.finalPoints ?? ''), ...quizzes.map((q) => s.quizzes[q.id]?.score ?? ''), s.total])
      }
      return new Response(csvText(rows), {
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="gradebook-${course.slug}.csv"`,
          'Cache-Control': 'no-store',
        },
      })
    }
    return Response.json({ course: { id: course.id, title: course.title }, assignments, quizzes, students, maxTotal }, { headers: { 'Cache-Control': 'no-store' } })
  },
}
