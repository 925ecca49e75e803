import type { PayloadRequest } from 'payload'

import { ORDERS } from '@/shared/slugs'

import { OPEN } from './status'

/**
 * Places in a course held by checkouts still being paid (fresh open orders), other than
 * `except`'s own: a course whose last place someone is paying for is full to everyone else,
 * so nobody pays for a place that is gone. Counted under the course's seat lock.
 */
export const placesHeld = async (req: PayloadRequest, { course, except, now = new Date() }: { course: number; except?: number; now?: Date }): Promise<number> =>
  (
    await req.payload.count({
      collection: ORDERS,
      where: {
        and: [
          { course: { equals: course } },
          { status: { in: [...OPEN] } },
          { holdsPlaceUntil: { greater_than: now.toISOString() } },
          ...(except === undefined ? [] : [{ buyer: { not_equals: except } }]),
        ],
      },
      overrideAccess: true,
      req,
    })
  ).totalDocs
