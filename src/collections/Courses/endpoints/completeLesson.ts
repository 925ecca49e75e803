import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import { COURSES, ENROLLMENTS } from '@/shared/slugs'
import { LOCKS, inTransaction, lockFor } from '@/services/database/transactions'
import { storeProgress } from '@/domain/enrollment/completion'
import { completionsOf, lessonsOf } from '@/domain/enrollment/progress'
import { requirePerson, routeId } from '@/http/requestHelpers'
import { isLearning, releasedAt } from '@/collections/Enrollments/viewerEnrollment'

/**
 * `POST /api/courses/:id/lessons/:lesson/complete`: the enrolled student marks a
 * released lesson done. Marking it again changes nothing. When every required lesson
 * is done (and every required assignment passed) the enrollment becomes `completed`,
 * once, with its time.
 */
export const completeLesson: Endpoint = {
  path: '/:id/lessons/:lesson/complete',
  method: 'post',
  handler: async (req) => {
    const person = requirePerson(req, 'record progress')
    const courseId = routeId(req, 'id', 'course')
    const lessonId = String(req.routeParams?.lesson ?? '')
    const result = await inTransaction(req, async () => {
      const find = () =>
        req.payload.find({
          collection: ENROLLMENTS,
          where: { and: [{ user: { equals: person.id } }, { course: { equals: courseId } }] },
          limit: 1,
          pagination: false,
          depth: 0,
          overrideAccess: true,
          req,
        })
      const first = (await find()).docs[0]
      if (!isLearning(first)) {
        throw new APIError('Enroll in this course before recording progress.', 403)
      }
      // Serialises one student's clicks: two at once must not lose a lesson.
      await lockFor(req, LOCKS.enrollmentProgress, first.id)
      const enrollment = (await find()).docs[0]!
      const course = await req.payload.findByID({ collection: COURSES, id: courseId, depth: 0, select: { sections: true }, overrideAccess: true, req })
      const lessons = lessonsOf(course)
      const lesson = lessons.find((l) => l.id === lessonId)
      if (!lesson) {
        throw new APIError('No such lesson in this course.', 404)
      }
      const opens = releasedAt(enrollment, lesson.releaseAfterDays)
      if (opens > new Date()) {
        throw new APIError(`This lesson opens on ${opens.toISOString().slice(0, 10)}.`, 403)
      }
      const done = completionsOf(enrollment.completedLessons)
      if (done.some((c) => c.lesson === lessonId)) {
        return enrollment
      }
      return storeProgress(req, enrollment, [...done, { lesson: lessonId, at: new Date().toISOString() }], lessons)
    })
    return Response.json({
      progress: result.progress,
      status: result.status,
      completedAt: result.completedAt ?? null,
      completedLessons: completionsOf(result.completedLessons).map((c) => c.lesson),
    })
  },
}
