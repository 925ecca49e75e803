import type { PayloadRequest } from 'payload'

import { ENROLLMENTS } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'

import { LEARNING } from './status'

declare module 'payload' {
  interface RequestContext {
    /** The courses the requester learns in, found once per request. */
    coursesLearning?: number[]
  }
}

/** Courses the requester is learning in: active or completed enrollments. */
export const coursesLearning = async (req: PayloadRequest): Promise<number[]> => {
  const cached = req.context.coursesLearning
  if (cached) {
    return cached
  }
  let ids: number[] = []
  if (req.user?.collection === 'users') {
    const found = await req.payload.find({
      collection: ENROLLMENTS,
      where: { and: [{ user: { equals: req.user.id } }, { status: { in: [...LEARNING] } }] },
      pagination: false,
      depth: 0,
      select: { course: true },
      overrideAccess: true,
      req,
    })
    ids = found.docs.map((doc) => relationId(doc.course)).filter((id): id is number => id !== undefined)
  }
  req.context.coursesLearning = ids
  return ids
}

