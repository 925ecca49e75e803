import type { Subscriber } from '@/domain/events/subscriber'

import { LIVE_CLASSES } from '@/shared/slugs'

import { queueRegistrations } from './jobs'

/**
 * Live classes follow enrollments: a student who joins a course is registered for its classes to
 * come (their own join link), one who leaves it is taken off them, each by a job per class.
 */
export const liveClassSubscriber: Subscriber = {
  name: 'live-classes',
  handles: (type) => type === 'enrollment.activated' || type === 'enrollment.cancelled' || type === 'enrollment.expired',
  handle: async ({ req, event }) => {
    const course = Number(event.payload.course)
    if (!Number.isInteger(course)) {
      return
    }
    const upcoming = await req.payload.find({
      collection: LIVE_CLASSES,
      where: { and: [{ course: { equals: course } }, { status: { in: ['scheduled', 'live'] } }, { 'zoom.state': { equals: 'ready' } }] },
      pagination: false,
      depth: 0,
      select: { course: true },
      overrideAccess: true,
      req,
    })
    for (const klass of upcoming.docs) {
      await queueRegistrations(req, klass.id)
    }
  },
}
