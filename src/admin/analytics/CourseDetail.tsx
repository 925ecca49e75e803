import type { PayloadRequest } from 'payload'

import { statusOf } from '@/http/errorStatus'
import type { CourseAnalytics } from '@/domain/analytics/courseAnalytics'

import { Button, Link, SetStepNav } from '@payloadcms/ui'
import React from 'react'

import { DEFAULT_AT_RISK_DAYS, parseAtRiskDays } from '@/domain/analytics/atRiskDays'
import { courseAnalyticsFor } from '@/http/courseAnalyticsFor'

import { AtRiskDaysForm } from './AtRiskDaysForm'
import { AtRiskTable } from './AtRiskTable'
import { formatters } from './format'
import { COURSE_METRICS } from './metrics'
import { analyticsURL } from './paths'
import { analyticsStrings } from './strings'

type Props = { req: PayloadRequest; courseId: string; days: string | undefined }

/** The analytics, or what the shared check said instead: refused (403) or no such course (404). */
const load = async (req: PayloadRequest, courseId: string, atRiskDays: number): Promise<CourseAnalytics | 403 | 404> => {
  if (!/^\d{1,12}$/.test(courseId)) {
    return 404
  }
  try {
    return await courseAnalyticsFor({ req, courseId: Number(courseId), atRiskDays })
  } catch (error) {
    const status = statusOf(error)
    if (status === 403 || status === 404) {
      return status
    }
    throw error
  }
}

/** `/admin/analytics/<courseId>?atRiskDays=N`: one course's figures and students at risk. */
export const CourseDetail = async ({ req, courseId, days }: Props) => {
  const strings = analyticsStrings(req.i18n.language)
  const format = formatters(req.i18n.language)
  const { admin: adminRoute, api: apiRoute } = req.payload.config.routes
  let atRiskDays = DEFAULT_AT_RISK_DAYS
  let invalidDays = false
  try {
    atRiskDays = parseAtRiskDays(days)
  } catch {
    invalidDays = true
  }
  const analytics = await load(req, courseId, atRiskDays)
  const back = (
    <p>
      <Link href={analyticsURL(adminRoute)}>{strings.allCourses}</Link>
    </p>
  )
  if (typeof analytics === 'number') {
    return (
      <>
        <SetStepNav nav={[{ label: strings.nav, url: analyticsURL(adminRoute) }]} />
        <h1>{analytics === 403 ? strings.notAllowed : strings.notFound}</h1>
        {analytics === 403 ? <p role="alert">{strings.notAllowedText}</p> : null}
        {back}
      </>
    )
  }
  const { course } = analytics
  return (
    <>
      <SetStepNav nav={[{ label: strings.nav, url: analyticsURL(adminRoute) }, { label: course.title }]} />
      <h1>{course.title}</h1>
      <dl className="analytics__metrics">
        {COURSE_METRICS.map((metric) => (
          <div key={metric.key}>
            <dt>{metric.label(strings)}</dt>
            <dd data-testid={`metric-${metric.key}`}>{metric.value(analytics, format)}</dd>
          </div>
        ))}
      </dl>
      <Button buttonStyle="secondary" el="anchor" url={`${apiRoute}/courses/${course.id}/gradebook?format=csv`}>
        {strings.gradebook}
      </Button>
      <h2>{strings.studentsAtRisk}</h2>
      <AtRiskDaysForm action={analyticsURL(adminRoute, course.id)} invalid={invalidDays} strings={strings} value={days ?? String(atRiskDays)} />
      <AtRiskTable adminRoute={adminRoute} format={format} strings={strings} students={analytics.studentsAtRisk} />
      {back}
    </>
  )
}
