import type { AdminViewServerProps } from 'payload'

import React from 'react'

import { AnalyticsPage } from './AnalyticsPage'
import { CourseDetail } from './CourseDetail'
import { Overview } from './Overview'
import { StudentDetail } from './StudentDetail'
import { ANALYTICS_PATH } from './paths'
import { analyticsStrings } from './strings'

/** `?page=` as a page number; anything else is the first page. */
const pageOf = (raw: unknown): number => (typeof raw === 'string' && /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : 1)

/**
 * Everything under `/admin/analytics`. One view for the overview, the course pages and the
 * students' pages (`/students/<id>`):
 * Payload exempts custom views from its admin-access redirect by their literal path, so a
 * second view at `/analytics/:courseId` would send students to Payload's own refusal
 * instead of ours. The content is rendered only once AnalyticsPage has let the person in.
 */
export const AnalyticsView: React.FC<AdminViewServerProps> = ({ initPageResult, params, searchParams }) => {
  const { req } = initPageResult
  const [, courseId, ...rest] = Array.isArray(params?.segments) ? params.segments : []
  const path = courseId === undefined ? ANALYTICS_PATH : (`${ANALYTICS_PATH}/${[courseId, ...rest].join('/')}` as const)
  const days = typeof searchParams?.atRiskDays === 'string' ? searchParams.atRiskDays : undefined
  return (
    <AnalyticsPage initPageResult={initPageResult} params={params} path={path} searchParams={searchParams}>
      {courseId === undefined ? (
        <Overview page={pageOf(searchParams?.page)} req={req} />
      ) : courseId === 'students' && rest.length === 1 ? (
        <StudentDetail personId={rest[0]!} req={req} />
      ) : rest.length === 0 ? (
        <CourseDetail courseId={courseId} days={days} req={req} />
      ) : (
        <h1>{analyticsStrings(req.i18n.language).notFound}</h1>
      )}
    </AnalyticsPage>
  )
}
