import type { Endpoint } from 'payload'

import { classLinkFor } from '@/domain/live/registrations'
import { readableOr404, requirePerson, routeId } from '@/http/requestHelpers'
import { LIVE_CLASSES } from '@/shared/slugs'

/**
 * `GET /api/live-classes/:id/join`: the asker's own way into the class's Zoom meeting: a
 * student's join link (registered for them alone, so Zoom's record names them), or the host's
 * start link. Never cached: each link is one person's.
 */
export const joinLink: Endpoint = {
  path: '/:id/join',
  method: 'get',
  handler: async (req) => {
    const person = requirePerson(req, 'join a class')
    const id = routeId(req, 'id', 'live class')
    await readableOr404(req, LIVE_CLASSES, id, 'live class')
    // As the system reads it: its Zoom side is hidden from students, and the rules need it.
    const klass = await req.payload.findByID({ collection: LIVE_CLASSES, id, depth: 0, overrideAccess: true, req })
    const link = await classLinkFor(req, klass, person.id)
    return Response.json({ liveClass: id, ...link, startsAt: klass.startsAt, durationMinutes: klass.durationMinutes }, { headers: { 'Cache-Control': 'no-store, private' } })
  },
}
