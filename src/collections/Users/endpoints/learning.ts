import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import { COURSES, ENROLLMENTS } from '@/collections/slugs'
import { relationId } from '@/fields/relationId'
import { requirePerson, routeId } from '@/http/requestHelpers'

/**
 * `GET /api/users/:id/learning`: one person's progress across their courses. Each
 * requester sees what the enrollments' own access gives them: the person everything,
 * a tenant-admin their school's courses, an instructor the courses they teach.
 */
export const learning: Endpoint = {
  path: '/:id/learning',
  method: 'get',
  handler: async (req) => {
    requirePerson(req, 'see progress')
    const id = routeId(req, 'id', 'person')
    const enrollments = await req.payload.find({
      collection: ENROLLMENTS,
      where: { user: { equals: id } },
      pagination: false,
      depth: 0,
      sort: '-updatedAt',
      overrideAccess: false,
      user: req.user,
      req,
    })
    if (enrollments.docs.length === 0 && req.user?.id !== id) {
      // Nothing visible of this person: do not confirm they exist.
      throw new APIError('No such person.', 404)
    }
    const courseIds = [...new Set(enrollments.docs.map((e) => relationId(e.course)!))]
    const courses = courseIds.length
      ? (await req.payload.find({ collection: COURSES, where: { id: { in: courseIds } }, pagination: false, depth: 0, select: { title: true, slug: true }, overrideAccess: true, req })).docs
      : []
    const byId = new Map(courses.map((c) => [c.id, c]))
    return Response.json(
      {
        user: id,
        courses: enrollments.docs.map((e) => ({
          course: { id: relationId(e.course), title: byId.get(relationId(e.course)!)?.title ?? null, slug: byId.get(relationId(e.course)!)?.slug ?? null },
          status: e.status,
          progress: e.progress ?? 0,
          activatedAt: e.activatedAt ?? null,
          completedAt: e.completedAt ?? null,
        })),
      },
      { headers: { 'Cache-Control': 'no-store' } },
    )
  },
}
