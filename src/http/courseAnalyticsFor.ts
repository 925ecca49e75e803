import type { PayloadRequest } from 'payload'

import { courseForStaff } from '@/http/requestHelpers'

import { type CourseAnalytics, courseAnalytics } from '@/domain/analytics/courseAnalytics'

type Args = { req: PayloadRequest; courseId: number; atRiskDays: number }

/**
 * One course's analytics for whoever asks, with the answer the REST endpoint gives
 * and the admin view shows alike: 401, 404 or 403 (as `APIError`) unless they look
 * after the course.
 */
export const courseAnalyticsFor = async ({ req, courseId, atRiskDays }: Args): Promise<CourseAnalytics> =>
  courseAnalytics(req, await courseForStaff(req, courseId, "the course's analytics"), atRiskDays)
