import type { PayloadRequest, Where } from 'payload'

import { coursesInCare } from '@/domain/identity/staff'
import { COURSES } from '@/shared/slugs'

import { type CourseAnalytics, courseAnalytics } from './courseAnalytics'

/** Courses per page: each costs a few queries. */
export const OVERVIEW_PAGE_SIZE = 20

type Args = {
  req: PayloadRequest
  atRiskDays: number
  /** Only this school's courses (the admin panel's selected tenant). */
  tenant?: number
  /** @default 1 */
  page?: number
}

export type AnalyticsOverview = { courses: CourseAnalytics[]; page: number; totalPages: number; totalDocs: number }

/**
 * The analytics of every course the requester looks after (as the course endpoint would
 * allow each one), a page at a time, by title. Nobody else gets any course.
 */
export const analyticsOverview = async ({ req, atRiskDays, tenant, page = 1 }: Args): Promise<AnalyticsOverview> => {
  const inCare = await coursesInCare(req)
  if (inCare === false) {
    return { courses: [], page: 1, totalPages: 0, totalDocs: 0 }
  }
  const conditions: Where[] = [...(inCare === true ? [] : [inCare]), ...(tenant === undefined ? [] : [{ tenant: { equals: tenant } }])]
  const found = await req.payload.find({
    collection: COURSES,
    where: { and: conditions },
    sort: 'title',
    limit: OVERVIEW_PAGE_SIZE,
    page,
    depth: 0,
    select: { title: true },
    overrideAccess: false,
    user: req.user,
    req,
  })
  const courses: CourseAnalytics[] = []
  // One course after another: a page of courses should not take a page of pool connections.
  for (const course of found.docs) {
    courses.push(await courseAnalytics(req, course, atRiskDays))
  }
  return { courses, page: found.page ?? page, totalPages: found.totalPages, totalDocs: found.totalDocs }
}
