import type { Payload } from 'payload'

import type { Course } from '@/payload-types'

import { ASSIGNMENTS, ENROLLMENTS, SUBMISSIONS } from '@/shared/slugs'
import { lessonsOf, progressOf } from '@/domain/enrollment/progress'

const DAY = 86_400_000

/**
 * Coursework for the demo's open course: a required assignment, and the first student
 * having studied every lesson and handed it in. Grading that hand-in in the admin panel
 * (Submissions) completes the course, and the jobs worker then issues the certificate.
 */
export const seedDemoCoursework = async (payload: Payload, tenant: number, course: Course, studentId: number, enrollmentId: number): Promise<void> => {
  const assignment = await payload.create({
    collection: ASSIGNMENTS,
    locale: 'en',
    data: {
      tenant,
      course: course.id,
      title: 'Reflection: your first program',
      instructions: null,
      dueAt: new Date(Date.now() + 7 * DAY).toISOString(),
      maxPoints: 10,
      passMark: 6,
      maxAttempts: 2,
      latePolicy: 'penalty',
      latePenaltyPercentPerDay: 10,
      submissionType: 'text',
      requiredForCompletion: true,
      _status: 'published',
    },
    overrideAccess: true,
  })
  for (const [locale, title] of [['ar', 'تأمل: برنامجك الأول'], ['so', 'Milicsi: barnaamijkaagii ugu horreeyay']] as const) {
    await payload.update({ collection: ASSIGNMENTS, id: assignment.id, locale, data: { title }, overrideAccess: true })
  }
  const lessons = lessonsOf(course)
  const studied = lessons.map((lesson, i) => ({ lesson: lesson.id, at: new Date(Date.now() - (lessons.length - i) * DAY).toISOString() }))
  await payload.update({
    collection: ENROLLMENTS,
    id: enrollmentId,
    data: { completedLessons: studied, progress: progressOf(lessons, studied, { required: 1, passed: 0 }).percent },
    context: { enrollmentActor: 'system' },
    overrideAccess: true,
  })
  await payload.create({
    collection: SUBMISSIONS,
    data: {
      tenant,
      title: `student1 — ${assignment.title} — attempt 1`,
      assignment: assignment.id,
      course: course.id,
      student: studentId,
      attempt: 1,
      text: 'I wrote a program that greets the user by name. Variables hold values; the program reads one and prints it back.',
      submittedAt: new Date(Date.now() - DAY).toISOString(),
      late: false,
      lateDays: 0,
      status: 'submitted',
    },
    overrideAccess: true,
  })
}
