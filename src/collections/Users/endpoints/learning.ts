import type { Endpoint } from 'payload'

import { requirePerson, routeId } from '@/http/requestHelpers'
import { personLearning } from '@/domain/analytics/personLearning'

/**
 * `GET /api/users/:id/learning`: one person's progress across their courses, as far as the
 * requester may see it (see `personLearning`); the admin panel shows the same at
 * `/admin/analytics/students/:id`.
 */
export const learning: Endpoint = {
  path: '/:id/learning',
  method: 'get',
  handler: async (req) => {
    requirePerson(req, 'see progress')
    const id = routeId(req, 'id', 'person')
    return Response.json(await personLearning({ req, personId: id }), { headers: { 'Cache-Control': 'no-store' } })
  },
}
